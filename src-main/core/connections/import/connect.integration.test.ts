import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../core';
import { parseProfile } from '../../../shared/profile';
import { PgCluster, requirePgCluster } from '../../../../test/pg-cluster';
import { mysqlAdmin, tempMysqlDatabase, uniqueName } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { runTest, stageStatuses } from '../../../../test/run-conn-test';
import { tempDir } from '../../../../test/tmp';
import { testEnv, writeBeekeeperStore, writeDbgateStore } from './fixtures/stores';

/**
 * Imported connections against real servers: the password a file supplies is the one the server
 * accepts, and where the file belongs to a client (psql and .pgpass, mysql and .my.cnf) that client
 * is asked too and must agree. Servers: a private PostgreSQL cluster with SCRAM (the shared one
 * trusts everyone, so it would not notice a wrong password) and throwaway MariaDB accounts.
 */

function psql(args: string[], env: Record<string, string>): { ok: boolean; out: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const r = spawnSync('psql', ['-w', '-X', '-A', '-t', ...args], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() };
}

function openCore(home: string, env: Record<string, string> = {}) {
  const data = tempDir('poolscope-data-');
  const core = new Core({ dataDir: data.path, mode: 'cli', seedDemo: false, importEnv: testEnv(home, env) });
  return { core, close: async () => { await core.close(); data.cleanup(); } };
}

/** Preview, pick every importable row (or the ones named), commit with passwords; the saved profiles. */
function importAll(core: Core, input: Parameters<Core['imports']['preview']>[0], names?: string[]) {
  const p = core.imports.preview(input);
  const items = p.candidates.filter((c) => !c.error && (names ? names.includes(c.name) : true)).map((c) => ({ key: c.key }));
  const r = core.imports.commit({ previewId: p.previewId, items, withPasswords: true });
  return { preview: p, result: r };
}

async function testSaved(core: Core, id: string) {
  const saved = core.connections.get(id);
  const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
  return (await runTest(parseProfile(profile), { ...(core.connections.password(id) !== undefined ? { password: core.connections.password(id)! } : {}) })).report;
}

describe.skipIf(requirePgCluster())('imported PostgreSQL connections against a SCRAM server', () => {
  let cluster: PgCluster;
  const home = tempDir('poolscope-home-');
  beforeAll(async () => {
    cluster = await PgCluster.create({ hostAuth: 'scram-sha-256' });
  });
  afterAll(async () => {
    await cluster?.destroy();
    home.cleanup();
  });

  const writePgpass = (lines: string[]) => {
    const file = join(home.path, `pgpass-${randomBytes(3).toString('hex')}`);
    writeFileSync(file, lines.join('\n') + '\n');
    chmodSync(file, 0o600);
    return file;
  };
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');

  it('.pgpass supplies the password to a saved connection, and psql with the same file agrees', async () => {
    const file = writePgpass([
      `127.0.0.1:${cluster.port}:other_db:${cluster.user}:wrong-for-other-db`,
      `127.0.0.1:${cluster.port}:*:${cluster.user}:${esc(cluster.password)}`,
    ]);
    const { core, close } = openCore(home.path);
    try {
      const saved = core.connections.create(cluster.profile({ name: 'Cluster app', passwordMode: 'none' }));
      const { result, preview } = importAll(core, { kind: 'pgpass', path: file }, ['Cluster app']);
      expect(preview.candidates.find((c) => c.name === 'Cluster app')!.password.source).toMatch(/line 2$/);
      expect(result.updated).toEqual([{ id: saved.id, name: 'Cluster app' }]);
      const report = await testSaved(core, saved.id);
      expect(report.failure).toBeUndefined();
      expect(stageStatuses(report).auth).toBe('ok');
      const viaPsql = psql(['-h', '127.0.0.1', '-p', String(cluster.port), '-U', cluster.user, '-d', 'app', '-c', 'SELECT current_user'], { PGPASSFILE: file });
      expect(viaPsql).toEqual({ ok: true, out: cluster.user });
    } finally {
      await close();
    }
  });

  it('a first matching line with a wrong password fails for both psql and Poolscope (first match wins)', async () => {
    const file = writePgpass([`127.0.0.1:*:*:${cluster.user}:not-the-password`, `127.0.0.1:${cluster.port}:app:${cluster.user}:${esc(cluster.password)}`]);
    const { core, close } = openCore(home.path);
    try {
      const saved = core.connections.create(cluster.profile({ name: 'Shadowed', passwordMode: 'none' }));
      importAll(core, { kind: 'pgpass', path: file }, ['Shadowed']);
      const report = await testSaved(core, saved.id);
      expect(report.ok).toBe(false);
      expect(report.failure?.stage).toBe('auth');
      const viaPsql = psql(['-h', '127.0.0.1', '-p', String(cluster.port), '-U', cluster.user, '-d', 'app', '-c', 'SELECT 1'], { PGPASSFILE: file });
      expect(viaPsql.ok).toBe(false);
      expect(viaPsql.out).toMatch(/password authentication failed/);
    } finally {
      await close();
    }
  });

  it('a service from pg_service.conf imports and connects, and psql "service=…" reaches the same user and database', async () => {
    const svc = join(home.path, 'pg_service.conf');
    writeFileSync(svc, `[cluster-app]\nhost=127.0.0.1\nport=${cluster.port}\ndbname=app\nuser=${cluster.user}\n`);
    const file = writePgpass([`127.0.0.1:${cluster.port}:app:${cluster.user}:${esc(cluster.password)}`]);
    const { core, close } = openCore(home.path, { PGSERVICEFILE: svc, PGPASSFILE: file });
    try {
      const { result } = importAll(core, { kind: 'pgservice', path: svc });
      expect(result.created).toHaveLength(1);
      const report = await testSaved(core, result.created[0]!.id);
      expect(report.failure).toBeUndefined();
      expect(report.facts?.database).toBe('app');
      const viaPsql = psql(['service=cluster-app', '-c', 'SELECT current_user || \'/\' || current_database()'], { PGSERVICEFILE: svc, PGPASSFILE: file });
      expect(viaPsql).toEqual({ ok: true, out: `${cluster.user}/app` });
    } finally {
      await close();
    }
  });

  it('a Beekeeper Studio store: the decrypted password logs in', async () => {
    const dir = join(home.path, 'beekeeper');
    writeBeekeeperStore(dir, [{ name: 'BK cluster', connectionType: 'postgresql', host: '127.0.0.1', port: cluster.port, username: cluster.user, defaultDatabase: 'app', password: cluster.password }]);
    const { core, close } = openCore(home.path);
    try {
      const { result } = importAll(core, { kind: 'beekeeper', path: dir });
      expect(result.passwordsStored).toBe(1);
      const report = await testSaved(core, result.created[0]!.id);
      expect(report.failure).toBeUndefined();
    } finally {
      await close();
    }
  });
});

describe.skipIf(serverMissing('mysql'))('imported MariaDB connections', () => {
  let db: { name: string; drop(): Promise<void> };
  const user = uniqueName('poolscope_imp');
  const password = `Imp-${randomBytes(5).toString('hex')} #;'"`;
  const home = tempDir('poolscope-home-');
  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const admin = await mysqlAdmin();
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    await admin.query(`GRANT ALL ON \`${db.name}\`.* TO ?@?`, [user, '%']);
    await admin.end();
  });
  afterAll(async () => {
    const admin = await mysqlAdmin();
    await admin.query('DROP USER IF EXISTS ?@?', [user, '%']);
    await admin.end();
    await db?.drop();
    home.cleanup();
  });

  it('~/.my.cnf: the [client] password (quoted, with # and ;) logs in, as it does for the mysql client', async () => {
    const cnf = join(home.path, '.my.cnf');
    const quoted = `"${password.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    writeFileSync(cnf, `[client]\nhost=127.0.0.1\nport=3306\nuser=${user}\npassword=${quoted}\n[mysql]\ndatabase=${db.name}\n`);
    chmodSync(cnf, 0o600);
    const { core, close } = openCore(home.path);
    try {
      const { result } = importAll(core, { kind: 'mycnf', path: cnf });
      const report = await testSaved(core, result.created[0]!.id);
      expect(report.failure).toBeUndefined();
      expect(report.facts?.database).toBe(db.name);
      const cli = spawnSync('mysql', [`--defaults-file=${cnf}`, '-N', '-e', 'SELECT DATABASE()'], { encoding: 'utf8', timeout: 20_000 });
      expect(`${cli.stdout}${cli.stderr}`.trim()).toBe(db.name);
    } finally {
      await close();
    }
  });

  it('a DbGate store: the crypt: password decrypts with ~/.dbgate/.key and logs in', async () => {
    const dir = join(home.path, '.dbgate');
    mkdirSync(dir, { recursive: true });
    writeDbgateStore(dir, [{ _id: 'x1', engine: 'mariadb@dbgate-plugin-mysql', server: '127.0.0.1', port: '3306', user, password, defaultDatabase: db.name, displayName: 'DbGate Maria' }]);
    const { core, close } = openCore(home.path);
    try {
      const { result } = importAll(core, { kind: 'dbgate', path: dir });
      expect(result.created.map((c) => c.name)).toEqual(['DbGate Maria']);
      const report = await testSaved(core, result.created[0]!.id);
      expect(report.failure).toBeUndefined();
    } finally {
      await close();
    }
  });
});
