import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Core } from '../core';
import { createHandlers, dispatch } from '../../api';
import { silentLogger } from '../logging/logger';
import type { TestReport } from '../../shared/conn-test';
import type { ConnectionProfile } from '../../shared/profile';
import type { ExportPreview } from '../../shared/export/bundle';
import type { VerifyRunDto } from '../../shared/verify-types';
import { PgCluster, pgClusterMissing } from '../../../test/pg-cluster';
import { createNetns, netnsMissing, type Netns } from '../../../test/netns';
import { keygen, sshdAvailable, startSshd, TEST_USER, type Sshd } from '../../../test/sshd';
import { tempDir } from '../../../test/tmp';
import { until } from '../../../test/until';

/**
 * The database is reachable only through the bastion: a private PostgreSQL cluster and an sshd
 * run in a network namespace of the test's own; from here, the cluster's TCP port does not exist.
 * Every feature goes through the saved connection's tunnel: the connection test (with its SSH
 * stage), the live pool and a load run, the fault lab dropping the tunnel, the checks, the type
 * mapping and the export. Closing the core leaves no tunnel and no SSH session behind.
 */
const missing = sshdAvailable() ? (netnsMissing() ?? pgClusterMissing()) : 'openssh-server is not installed';
if (missing && process.env.CI === 'true') throw new Error(`SSH bastion tests cannot run: ${missing}`);

describe.skipIf(!!missing)('a database only reachable through an SSH bastion', () => {
  const tmp = tempDir('poolscope-bastion-');
  let ns: Netns;
  let cluster: PgCluster;
  let sshd: Sshd;
  let core: Core;
  let id = '';
  const call = async <T,>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(createHandlers(core), method, input, { transport: 'test' }, silentLogger);
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), r.error);
    return r.value as T;
  };
  const sshSessions = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`sshd: ${TEST_USER}`)).length;

  beforeAll(async () => {
    ns = createNetns();
    cluster = await PgCluster.create({ netns: ns.name });
    sshd = await startSshd({ netns: ns.name, listen: ns.nsIp });
    const key = join(tmp.path, 'id_ed25519');
    sshd.authorize(keygen(key, 'bastion passphrase'));
    const known = join(tmp.path, 'known_hosts');
    writeFileSync(known, `${sshd.knownHostsLine}\n`);
    core = new Core({ dataDir: join(tmp.path, 'data'), mode: 'serve', seedDemo: false, ssh: { env: { home: tmp.path, file: join(tmp.path, 'no-config') }, knownHostsFiles: [known] } });
    const saved = await call<ConnectionProfile>('connections.create', {
      profile: {
        name: 'Behind the bastion',
        backend: 'postgresql',
        host: '127.0.0.1',
        port: cluster.port,
        user: cluster.user,
        database: 'app',
        passwordMode: 'saved',
        tls: { mode: 'disable' },
        ssh: { hops: [{ host: ns.nsIp, port: 2222, user: TEST_USER, auth: 'key', keyFile: key }], keepAliveSec: 2 },
      },
      password: cluster.password,
    });
    id = saved.id;
    expect(saved.ssh?.hops[0]).toMatchObject({ host: ns.nsIp, auth: 'key' });
    expect(await call('ssh.setSecret', { hop: saved.ssh!.hops[0], secret: 'bastion passphrase' })).toEqual({ saved: true });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await sshd?.close();
    await cluster?.destroy();
    ns?.close();
    tmp.cleanup();
  });

  it('is not reachable directly: the cluster port is closed here', async () => {
    const err = await new Promise<string>((resolve) => {
      const s = connect(cluster.port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve('connected')));
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(err).toBe('ECONNREFUSED');
  });

  it('the connection test shows a timed SSH stage, then every database stage through it', async () => {
    const report = await call<TestReport>('connections.test', { testId: 'bastion-test-1', id });
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.stages.map((s) => [s.id, s.status])).toEqual([
      ['ssh', 'ok'],
      ['resolve', 'ok'],
      ['tcp', 'ok'],
      ['tls', expect.any(String)],
      ['auth', 'ok'],
      ['query', 'ok'],
    ]);
    const ssh = report.stages[0]!;
    expect(ssh.ms).toBeGreaterThan(0);
    expect(ssh.detail).toBe(`${TEST_USER}@${ns.nsIp}:2222 → 127.0.0.1:${cluster.port}`);
    expect(report.target).toBe(`127.0.0.1:${cluster.port}/app`);
  });

  it('a wrong passphrase fails the SSH stage by name, nothing after it runs', async () => {
    const saved = await call<ConnectionProfile>('connections.get', { id });
    await call('ssh.setSecret', { hop: saved.ssh!.hops[0], secret: 'not it' });
    try {
      const report = await call<TestReport>('connections.test', { testId: 'bastion-test-2', id });
      expect(report.failure).toMatchObject({ stage: 'ssh', kind: 'auth-failed', title: 'Wrong key passphrase', ssh: { kind: 'passphrase-wrong', hop: 0 } });
      expect(report.stages.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    } finally {
      await call('ssh.setSecret', { hop: saved.ssh!.hops[0], secret: 'bastion passphrase' });
    }
  });

  it('"ask on connect": a missing passphrase names the key; answered for this session only, it works and is stored nowhere', async () => {
    const saved = await call<ConnectionProfile>('connections.get', { id });
    const hop = saved.ssh!.hops[0]!;
    await call('ssh.setSecret', { hop, secret: null });
    const rows = () => (core.db.prepare('SELECT count(*) AS n FROM ssh_secrets').get() as { n: number }).n;
    try {
      expect(rows()).toBe(0);
      const asked = await call<TestReport>('connections.test', { testId: 'bastion-test-ask-1', id });
      expect(asked.failure).toMatchObject({ stage: 'ssh', title: 'Key passphrase needed', ssh: { kind: 'passphrase-needed', secret: { key: `passphrase:${hop.keyFile}`, kind: 'passphrase', wrong: false } } });
      const secretKey = asked.failure!.ssh!.secret!.key;
      // Opening the pool opens its tunnel first, so it fails the same way, naming the same secret.
      await expect(call('pools.open', { id })).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE', details: { ssh: { kind: 'passphrase-needed', secret: { key: secretKey } } } });
      expect(await call('ssh.setSecret', { secretKey, secret: 'bastion passphrase', remember: false })).toEqual({ saved: false });
      expect(await call('ssh.resolve', { ssh: saved.ssh })).toEqual([expect.objectContaining({ hasSecret: false, sessionSecret: true })]);
      const report = await call<TestReport>('connections.test', { testId: 'bastion-test-ask-2', id });
      expect(report.failure).toBeUndefined();
      expect(report.ok).toBe(true);
      // Held in memory for this session only: nothing in the store, and never in an API result.
      expect(rows()).toBe(0);
      expect(JSON.stringify(report)).not.toContain('bastion passphrase');
      // A renderer cannot name an arbitrary secret slot.
      await expect(call('ssh.setSecret', { secretKey: 'db-password:1', secret: 'x' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    } finally {
      await call('ssh.setSecret', { hop, secret: 'bastion passphrase' });
    }
    expect(rows()).toBe(1);
    expect(await call('ssh.resolve', { ssh: saved.ssh })).toEqual([expect.objectContaining({ hasSecret: true, sessionSecret: false })]);
  });

  it('the live pool and a load run go through the tunnel; the fault lab drops it and the pool recovers', async () => {
    const snap = await call<{ connectionId: string }>('pools.open', { id });
    expect(snap.connectionId).toBe(id);
    const { runId } = await call<{ runId: string }>('lab.start', { id, scenario: { concurrency: 4, durationSec: 6, query: { kind: 'select1' } } });
    await until('load has run a while', async () => ((await call<{ completed: number }[]>('lab.runs', { id }))[0]?.completed ?? 0) > 20, 20_000);
    const status = await call<{ tunnel: { state: string; channels: number } | null }>('ssh.status', { id });
    expect(status.tunnel).toMatchObject({ state: 'up' });
    expect(status.tunnel!.channels).toBeGreaterThanOrEqual(1);
    const fault = await call<{ kind: string; summary: string }>('lab.fault', { id, fault: { kind: 'drop-tunnel' } });
    expect(fault.kind).toBe('drop-tunnel');
    expect(fault.summary).toContain('was cut');
    await until('tunnel back up after the drop', async () => {
      const s = await call<{ tunnel: { state: string; reconnects: number } | null }>('ssh.status', { id });
      return s.tunnel?.state === 'up' && s.tunnel.reconnects >= 1;
    }, 30_000);
    const events = (await call<{ events: { kind: string }[] }>('ssh.status', { id })).events.map((e) => e.kind);
    expect(events).toEqual(expect.arrayContaining(['up', 'dropped', 'down', 'reconnecting']));
    await call('lab.stop', { runId });
    // After the reconnect the pool serves again through the same tunnel.
    const probe = await call<{ steps: { ok: boolean }[] }>('lab.fault', { id, fault: { kind: 'probe', checkouts: 3 } });
    expect(probe.steps.some((s) => s.ok)).toBe(true);
    await call('pools.close', { id });
  }, 90_000);

  it('checks, type mapping and the export read the server through the tunnel; the export says so and keeps the database host', async () => {
    const run = await call<{ facts: { target: string; via?: string; product: string } | null }>('checks.run', { id });
    expect(run.facts).toMatchObject({ product: 'postgresql', target: `127.0.0.1:${cluster.port}/app`, via: `${TEST_USER}@${ns.nsIp}:2222 → 127.0.0.1:${cluster.port}` });
    await cluster.superQuery('CREATE TABLE IF NOT EXISTS tunnelled (id bigserial PRIMARY KEY, note text)', []);
    const schemas = await call<{ schemas: string[] }>('types.schemas', { id });
    expect(schemas.schemas).toContain('public');
    const preview = await call<ExportPreview>('export.preview', { id, target: 'python' });
    const text = preview.bundle.files.map((f) => f.content).join('\n');
    expect(text).toContain(`through the SSH tunnel ${TEST_USER}@${ns.nsIp}:2222`);
    expect(text).toContain('connects to the database host directly');
    expect(text).toContain(`127.0.0.1:${cluster.port}/app`);
    // No tunnel port anywhere: every 127.0.0.1:PORT/app is the database's own port.
    expect([...text.matchAll(/127\.0\.0\.1:(\d+)\/app/g)].map((m) => Number(m[1]))).toEqual(expect.arrayContaining([cluster.port]));
    expect(new Set([...text.matchAll(/127\.0\.0\.1:(\d+)\/app/g)].map((m) => Number(m[1])))).toEqual(new Set([cluster.port]));
  }, 60_000);

  it.skipIf(!inject('python').python)('Run on real SQLAlchemy goes through the tunnel: asyncpg and Poolscope both reach the server at its local end', async () => {
    const { verifyId } = await call<{ verifyId: string }>('verify.start', { id, source: 'pool', scenario: { concurrency: 2, durationSec: 1, holdMs: 10, query: { kind: 'select1' } }, python: inject('python').python });
    let dto: VerifyRunDto | null = null;
    await until('the run finished', async () => {
      dto = await call<VerifyRunDto>('verify.get', { verifyId });
      return dto.state !== 'running';
    }, 60_000);
    const run = dto! as VerifyRunDto;
    expect(run.state, JSON.stringify(run.python.failure ?? run.poolscope.failure)).toBe('done');
    expect(run.interpreter.driver).toBe('asyncpg');
    expect(run.python.completed).toBeGreaterThan(0);
    expect(run.python.errors).toBe(0);
    expect(run.poolscope.completed).toBeGreaterThan(0);
    expect(run.poolscope.errors).toBe(0);
    expect(run.differences).toBe(0);
  }, 90_000);

  it('verify-full through a tunnel is refused with what to do', async () => {
    const saved = core.connections.get(id);
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
    const strict = await call<ConnectionProfile>('connections.create', { profile: { ...profile, name: 'Strict behind the bastion', tls: { mode: 'verify-full' } }, password: cluster.password });
    await expect(call('verify.start', { id: strict.id, source: 'pool', scenario: { concurrency: 1, durationSec: 1, query: { kind: 'select1' } } })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/^Through an SSH tunnel.*verify-full/), hint: expect.stringMatching(/verify-ca or require/) });
    await call('connections.delete', { id: strict.id });
  });

  it('closing the core closes every tunnel and SSH session', async () => {
    expect(core.tunnels.statuses().length).toBeGreaterThanOrEqual(0);
    await core.close();
    expect(core.tunnels.statuses()).toEqual([]);
    await until('no sshd session left for the test user', () => sshSessions() === 0, 10_000);
  });
});
