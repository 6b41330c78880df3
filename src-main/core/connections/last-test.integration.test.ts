import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../core';
import { createHandlers, dispatch, type Handlers } from '../../api';
import { silentLogger } from '../logging/logger';
import { freePort } from '../../../test/pg-cluster';
import { tempDir } from '../../../test/tmp';
import type { ConnectionProfile, ConnectionSummary } from '../../shared/profile';
import type { TestReport } from '../../shared/conn-test';

/**
 * The last connection test is kept in the real app store (SQLite, migration 9): it survives a
 * restart, shows in the connection list with its state, goes stale when the profile moves, and
 * goes away with the connection. Nothing the user typed as a secret is written with it.
 */
describe('last connection test per connection', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  const cores: Core[] = [];
  afterEach(() => {
    for (const c of cores.splice(0)) c.close();
    for (const d of dirs.splice(0)) d.cleanup();
  });

  function open(dataDir: string): { core: Core; call<T>(method: string, input: unknown): Promise<T> } {
    const core = new Core({ dataDir, mode: 'serve', seedDemo: false });
    cores.push(core);
    const handlers: Handlers = createHandlers(core);
    return {
      core,
      async call<T>(method: string, input: unknown): Promise<T> {
        const r = (await dispatch(handlers, method, input, { transport: 'test' }, silentLogger)) as { ok: boolean; value?: T; error?: unknown };
        if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
        return r.value as T;
      },
    };
  }

  it('keeps an OK SQLite test across a restart, marks it stale on a move, deletes it with the connection', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dataDir = join(dir.path, 'data');
    const a = open(dataDir);
    const file = new Database(join(dir.path, 'app.db'));
    file.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    file.close();
    const conn = await a.call<ConnectionProfile>('connections.create', { profile: { name: 'Local file', backend: 'sqlite', database: join(dir.path, 'app.db') } });
    expect((await a.call<ConnectionSummary[]>('connections.list', {}))[0]!.lastTest).toBeUndefined();

    const report = await a.call<TestReport>('connections.test', { testId: 'last-test-ok-1', id: conn.id });
    expect(report.ok).toBe(true);
    a.core.close();
    cores.splice(0);

    const b = open(dataDir);
    const [summary] = await b.call<ConnectionSummary[]>('connections.list', {});
    expect(summary!.lastTest).toEqual({ ok: true, at: report.startedAt, totalMs: report.totalMs, stale: false });

    // Renaming does not move the connection; pointing it at another file does.
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = await b.call<ConnectionProfile & { createdAt: string; updatedAt: string }>('connections.get', { id: conn.id });
    await b.call('connections.update', { id: conn.id, profile: { ...profile, name: 'Renamed' } });
    expect((await b.call<ConnectionSummary[]>('connections.list', {}))[0]!.lastTest?.stale).toBe(false);
    await b.call('connections.update', { id: conn.id, profile: { ...profile, name: 'Renamed', database: join(dir.path, 'other.db') } });
    expect((await b.call<ConnectionSummary[]>('connections.list', {}))[0]!.lastTest).toMatchObject({ ok: true, stale: true });

    await b.call('connections.delete', { id: conn.id });
    expect((b.core.db.prepare('SELECT count(*) AS n FROM test_results').get() as { n: number }).n).toBe(0);
  });

  it('keeps a failed PostgreSQL test (closed port) with its stage and title, and no secret', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { core, call } = open(join(dir.path, 'data'));
    const port = await freePort();
    const password = 'Last-test-secret-9f3k2';
    const conn = await call<ConnectionProfile>('connections.create', {
      profile: { name: 'Closed port', backend: 'postgresql', host: '127.0.0.1', port, database: 'test', user: 'postgres', passwordMode: 'saved' },
      password,
    });
    const report = await call<TestReport>('connections.test', { testId: 'last-test-fail-1', id: conn.id });
    expect(report.ok).toBe(false);
    const [summary] = await call<ConnectionSummary[]>('connections.list', {});
    expect(summary!.lastTest).toEqual({
      ok: false,
      at: report.startedAt,
      totalMs: report.totalMs,
      stale: false,
      failure: { stage: 'tcp', stageLabel: expect.any(String), kind: report.failure!.kind, title: report.failure!.title },
    });
    const raw = JSON.stringify(core.db.prepare('SELECT * FROM test_results').all());
    expect(raw).not.toContain(password);
    // Only the short title is kept, never the driver's message or the hint.
    expect(raw).not.toContain(report.failure!.hint);

    // A test of an edited, unsaved profile is not the saved connection's result.
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = await call<ConnectionProfile & { createdAt: string; updatedAt: string }>('connections.get', { id: conn.id });
    await call<TestReport>('connections.test', { testId: 'last-test-draft-1', id: conn.id, profile: { ...profile, port: 5432 } });
    expect((await call<ConnectionSummary[]>('connections.list', {}))[0]!.lastTest?.at).toBe(report.startedAt);
  });
});
