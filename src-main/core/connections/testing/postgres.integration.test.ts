import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pgProfile, pgTarget } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { PgCluster, requirePgCluster } from '../../../../test/pg-cluster';
import { startPgBouncer, pgbouncerMissing, type PgBouncerInstance } from '../../../../test/pgbouncer';
import { freePort } from '../../../../test/pg-cluster';
import { runTest, stageStatuses } from '../../../../test/run-conn-test';
import { tempDir } from '../../../../test/tmp';

describe.skipIf(serverMissing('postgres'))('connection test: PostgreSQL (shared server)', () => {
  it('passes every stage, with times, the exact version, the auth method and latency', async () => {
    const { report, progress } = await runTest(pgProfile());
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(stageStatuses(report)).toEqual({ resolve: 'ok', tcp: 'ok', tls: 'ok', auth: 'ok', query: 'ok' });
    for (const s of report.stages) expect(s.ms).toBeGreaterThanOrEqual(0);
    const f = report.facts!;
    expect(f.product).toBe('PostgreSQL');
    expect(f.version).toMatch(/^\d+\.\d+$/);
    expect(f.versionString).toContain(`PostgreSQL ${f.version}`);
    // 127.0.0.1 is trusted on this server (pg_hba): the startup probe sees AuthenticationOk straight away.
    expect(f.auth?.method).toBe('trust');
    expect(f.tls.state).toBe('not offered');
    expect(f.latency!.samplesMs).toHaveLength(5);
    expect(f.latency!.medianMs).toBeGreaterThan(0);
    expect(f.pooler).toMatchObject({ detected: false });
    expect(f.user).toBe(pgTarget().user);
    // Every stage was pushed as running, then as finished, in order.
    const order = progress.map((p) => `${p.stage.id}:${p.stage.status}`);
    expect(order.slice(0, 4)).toEqual(['resolve:running', 'resolve:ok', 'tcp:running', 'tcp:ok']);
    expect(order).toContain('query:ok');
  });

  it('reports an unknown database as 3D000 with a hint', async () => {
    const { report } = await runTest(pgProfile({ database: 'poolscope_no_such_db' }));
    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ kind: 'unknown-database', stage: 'auth', code: '3D000' });
    expect(report.failure!.message).toContain('"poolscope_no_such_db"');
    expect(report.failure!.hint).toMatch(/CREATE DATABASE/);
    expect(stageStatuses(report)).toMatchObject({ tcp: 'ok', auth: 'failed', query: 'skipped' });
  });

  it('reports a closed port as refused at the TCP stage', async () => {
    const port = await freePort();
    const { report } = await runTest(pgProfile({ port }));
    expect(report.failure).toMatchObject({ kind: 'refused', stage: 'tcp', code: 'ECONNREFUSED' });
    expect(report.failure!.hint).toMatch(/server is down or listens on another port/);
  });

  it('reports TLS required by the profile but not offered by the server', async () => {
    const { report } = await runTest(pgProfile({ tls: { mode: 'require' } }));
    expect(report.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'TLS not offered' });
  });

  it('connects over the unix socket when the server has one', async () => {
    const { existsSync } = await import('node:fs');
    const sock = '/var/run/postgresql/.s.PGSQL.5432';
    if (!existsSync(sock)) return expect(existsSync(sock)).toBe(false);
    const { report } = await runTest(pgProfile({ host: undefined, socket: '/var/run/postgresql', port: 5432 }));
    expect(report.ok).toBe(true);
    expect(report.stages.find((s) => s.id === 'resolve')!.detail).toMatch(/unix socket/);
    expect(report.facts!.pooler!.evidence.join(' ')).not.toMatch(/inet_server_port/);
  });
});

describe.skipIf(requirePgCluster())('connection test: PostgreSQL with passwords and TLS (private cluster)', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await PgCluster.create({ ssl: true });
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('logs in with SCRAM-SHA-256 over TLS and says so', async () => {
    const { report } = await runTest(cluster.profile({ tls: { mode: 'require' } }), { password: cluster.password });
    expect(report.failure).toBeUndefined();
    expect(report.facts!.auth!.method).toBe('SCRAM-SHA-256');
    expect(report.facts!.tls.state).toBe('in use');
    expect(report.facts!.tls.detail).toMatch(/TLSv1\.[23]/);
    expect(report.stages.find((s) => s.id === 'tls')!.detail).toMatch(/pg_stat_ssl/);
  });

  it('classifies a wrong password as 28P01 with the authentication hint', async () => {
    const { report } = await runTest(cluster.profile(), { password: 'definitely-not-it' });
    expect(report.failure).toMatchObject({ kind: 'auth-failed', stage: 'auth', code: '28P01', title: 'Authentication failed' });
    expect(report.failure!.hint).toMatch(/Check the password/);
    expect(JSON.stringify(report)).not.toContain('definitely-not-it');
    // The method is known even though the login failed: it was read before any password was sent.
    expect(report.stages.find((s) => s.id === 'auth')!.status).toBe('failed');
  });

  it('says no password was given when none was', async () => {
    const { report } = await runTest(cluster.profile());
    expect(report.failure).toMatchObject({ kind: 'auth-failed', stage: 'auth', title: 'Password needed' });
    expect(report.failure!.hint).toMatch(/No password was given/);
  });

  it('fails verify-full against a self-signed certificate at the TLS stage, and passes verify-ca with the CA', async () => {
    const { report } = await runTest(cluster.profile({ tls: { mode: 'verify-full' } }), { password: cluster.password });
    expect(report.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'TLS handshake failed' });
    expect(report.failure!.hint).toMatch(/CA certificate/);
    const ok = await runTest(cluster.profile({ tls: { mode: 'verify-full', ca: cluster.certFile } }), { password: cluster.password });
    expect(ok.report.failure).toBeUndefined();
    expect(ok.report.stages.find((s) => s.id === 'tls')!.status).toBe('ok');
  });

  it('require with a CA file checks the chain (libpq\'s rule): a foreign CA fails at the TLS stage, the right one passes', async () => {
    const dir = tempDir('poolscope-foreign-ca-');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Some other CA', '-keyout', 'other.key', '-out', 'other.pem'], { cwd: dir.path, stdio: 'ignore' });
      const foreign = await runTest(cluster.profile({ tls: { mode: 'require', ca: join(dir.path, 'other.pem') } }), { password: cluster.password });
      expect(foreign.report.failure).toMatchObject({ kind: 'tls', stage: 'tls' });
      const own = await runTest(cluster.profile({ tls: { mode: 'require', ca: cluster.certFile } }), { password: cluster.password });
      expect(own.report.failure).toBeUndefined();
      expect(own.report.stages.find((s) => s.id === 'tls')!.status).toBe('ok');
    } finally {
      dir.cleanup();
    }
  });

  it('reports a stopped server as refused, and a restarted one as fine again', async () => {
    await cluster.stop('immediate');
    const down = await runTest(cluster.profile(), { password: cluster.password });
    expect(down.report.failure).toMatchObject({ kind: 'refused', stage: 'tcp' });
    await cluster.start();
    const up = await runTest(cluster.profile(), { password: cluster.password });
    expect(up.report.ok).toBe(true);
  });
});

describe.skipIf(serverMissing('postgres') ?? pgbouncerMissing())('connection test: PgBouncer in front of PostgreSQL', () => {
  let bouncer: PgBouncerInstance;
  beforeAll(async () => {
    const t = pgTarget();
    bouncer = await startPgBouncer({ users: [{ name: t.user }], adminUsers: [t.user] });
  });
  afterAll(async () => {
    await bouncer?.stop();
  });

  it('detects the pooler from the backend key and the port, and names it from the admin console', async () => {
    const { report } = await runTest(pgProfile({ port: bouncer.port }));
    expect(report.failure).toBeUndefined();
    const pooler = report.facts!.pooler!;
    expect(pooler).toMatchObject({ detected: true, product: 'PgBouncer', poolMode: 'transaction' });
    expect(pooler.version).toMatch(/^1\.\d+/);
    expect(pooler.evidence.join(' | ')).toMatch(/backend key pid -?\d+ ≠ pg_backend_pid\(\)/);
    expect(pooler.evidence.join(' | ')).toContain(`≠ dialled port ${bouncer.port}`);
    expect(report.warnings.join(' ')).toMatch(/transaction mode/);
    expect(report.facts!.product).toBe('PostgreSQL');
  });
});
