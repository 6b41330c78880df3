import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../core/core';
import { createHandlers, dispatch, type Handlers } from './index';
import { silentLogger } from '../core/logging/logger';
import { PgCluster, requirePgCluster } from '../../test/pg-cluster';
import { tempDir } from '../../test/tmp';
import type { TypesReport } from '../shared/typemap-model';

/**
 * Types on a saved connection that asks for its password, against a PostgreSQL that checks
 * passwords (SCRAM; the shared server trusts 127.0.0.1, where any password would pass): the
 * password given with the request maps the schema, none or a wrong one fails in words, and the
 * password reaches neither a result nor the log files.
 */
describe.skipIf(requirePgCluster())('types.* with an "ask" password (private PostgreSQL, scram-sha-256)', () => {
  const dir = tempDir();
  let cluster: PgCluster;
  let core: Core;
  let handlers: Handlers;
  let id: string;
  const call = (method: string, input: unknown): Promise<any> => dispatch(handlers, method, input, { transport: 'test' }, silentLogger);

  beforeAll(async () => {
    cluster = await PgCluster.create();
    // A table owned by the password role, to have columns to map.
    const owner = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: cluster.superuser, database: 'app' });
    await owner.connect();
    await owner.query(`SET ROLE ${cluster.user}; CREATE TABLE orders (id bigserial PRIMARY KEY, placed_at timestamptz NOT NULL, total numeric(12, 2), tags text[])`);
    await owner.end();
    core = new Core({ dataDir: join(dir.path, 'data'), mode: 'serve', seedDemo: false });
    handlers = createHandlers(core);
    const created = await call('connections.create', { profile: { ...cluster.profile({ name: 'ask pg', passwordMode: 'ask' }) } });
    expect(created.ok).toBe(true);
    id = created.value.id;
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await cluster?.destroy();
    dir.cleanup();
  });

  it('refuses without the password and says that Map column types asks for it', async () => {
    for (const [method, input] of [['types.schemas', { id }], ['types.introspect', { id, jobId: 'no-pw' }]] as const) {
      const r = await call(method, input);
      expect(r).toMatchObject({ ok: false, error: { code: 'SECRET_UNAVAILABLE', message: expect.stringContaining('Map column types asks for it') } });
    }
  });

  it('lists the schemas and maps with the password given for the request', async () => {
    const schemas = await call('types.schemas', { id, password: cluster.password });
    expect(schemas).toEqual({ ok: true, value: { schemas: expect.arrayContaining(['public']), current: 'public' } });
    const r = await call('types.introspect', { id, jobId: 'ask-1', schema: 'public', password: cluster.password });
    expect(r.ok).toBe(true);
    const report = r.value as TypesReport;
    expect(report.columns.filter((c) => c.table === 'orders').map((c) => c.column)).toEqual(['id', 'placed_at', 'total', 'tags']);
    expect(JSON.stringify(r)).not.toContain(cluster.password);
  });

  it('a wrong password fails as an authentication failure that does not echo it', async () => {
    const wrong = `Wrong-${cluster.password}`;
    const r = await call('types.introspect', { id, jobId: 'ask-2', password: wrong });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r.error)).toMatch(/auth/i);
    expect(JSON.stringify(r)).not.toContain(wrong);
  });

  it('leaves the password in no log file and stores it nowhere', async () => {
    expect((await call('connections.get', { id })).value.hasPassword).toBe(false);
    await core.close();
    const logs = join(dir.path, 'data', 'logs');
    const files = readdirSync(logs);
    const text = files.map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
    // The run was logged: the check below looks at a log that holds the request.
    expect(text).toContain('types mapped');
    for (const form of [cluster.password, encodeURIComponent(cluster.password), JSON.stringify(cluster.password).slice(1, -1)]) expect(text).not.toContain(form);
    for (const f of readdirSync(join(dir.path, 'data')).filter((f) => f.startsWith('poolscope.db'))) expect(readFileSync(join(dir.path, 'data', f)).includes(Buffer.from(cluster.password))).toBe(false);
  });
});
