import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Core } from '../core';
import { createHandlers, dispatch } from '../../api';
import { parseProfile } from '../../shared/profile';
import type { CheckRun } from '../../shared/checks';
import { silentLogger } from '../logging/logger';
import { tempDir } from '../../../test/tmp';

/** The whole path for saved connections, through the contract: run, store, re-evaluate after a fix, what changed. */
describe('checks for saved connections (real SQLite, through the API)', () => {
  let dir: { path: string; cleanup(): void };
  let core: Core;
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(createHandlers(core), method, input, { transport: 'test' }, silentLogger);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value;
  };
  beforeEach(() => {
    dir = tempDir();
    core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: true });
  });
  afterEach(async () => {
    await core.close();
    dir.cleanup();
  });

  it('in-memory SQLite with QueuePool fails; the fix applied through connections.update turns it to pass, marked as changed', async () => {
    const saved = core.connections.create(parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:', pool: { poolClass: 'QueuePool' } }));
    const events: unknown[] = [];
    core.bus.subscribe((name, payload) => name === 'checks.completed' && events.push(payload));
    const first = (await call('checks.run', { id: saved.id })) as CheckRun;
    const check = first.checks.find((c) => c.id === 'sqlite-memory-pool')!;
    expect(check.severity).toBe('fail');
    expect(first.checks[0]!.id).toBe('sqlite-memory-pool');
    expect(first.changes).toEqual([]);
    expect(first.facts.facts.in_memory?.value).toBe(true);
    expect(events).toEqual([{ id: saved.id, ranAt: first.ranAt, counts: first.counts }]);
    expect(await call('checks.last', { id: saved.id })).toEqual(first);

    const { id: _id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = core.connections.get(saved.id);
    await call('connections.update', { id: saved.id, profile: { ...profile, pool: { ...profile.pool, ...check.fix!.patch!.pool } } });
    const second = (await call('checks.evaluate', { id: saved.id })) as CheckRun;
    expect(second.reevaluated).toBe(true);
    expect(second.facts).toEqual(first.facts);
    expect(second.checks.find((c) => c.id === 'sqlite-memory-pool')!.severity).toBe('pass');
    expect(second.changes).toContainEqual({ id: 'sqlite-memory-pool', title: check.title, from: 'fail', to: 'pass' });
    expect(second.previousRanAt).toBe(first.ranAt);
  });

  it('measures a real file database (WAL) and stores one run per connection, removed with the connection', async () => {
    const file = join(dir.path, 'app.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.close();
    const saved = core.connections.create(parseProfile({ name: 'file', backend: 'sqlite', database: file, service: { processes: 3 } }));
    const run = (await call('checks.run', { id: saved.id })) as CheckRun;
    expect(run.facts.facts.journal_mode?.value).toBe('wal');
    expect(run.checks.find((c) => c.id === 'sqlite-writers')!.severity).toBe('warn');
    expect(run.advice.serverKind).toBe('sqlite-file');
    core.connections.delete(saved.id);
    expect((core.db.prepare('SELECT count(*) AS n FROM check_runs WHERE connection_id = ?').get(saved.id) as { n: number }).n).toBe(0);
  });

  it('shares one run between calls that arrive together, and evaluate without a previous run returns null', async () => {
    const saved = core.connections.create(parseProfile({ name: 'mem2', backend: 'sqlite', database: ':memory:' }));
    expect(await call('checks.evaluate', { id: saved.id })).toBeNull();
    const [a, b] = await Promise.all([call('checks.run', { id: saved.id }), call('checks.run', { id: saved.id })]);
    expect(a).toBe(b);
  });

  it('asks for the password of an "ask" connection instead of connecting without one, and rejects unknown ids', async () => {
    const saved = core.connections.create(parseProfile({ name: 'ask', backend: 'postgresql', host: '127.0.0.1', port: 1, user: 'x', passwordMode: 'ask' }));
    await expect(call('checks.run', { id: saved.id })).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE', details: { field: 'password' } });
    await expect(call('checks.run', { id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('checks.run', { id: saved.id, extra: 1 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
