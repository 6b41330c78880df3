import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpLikeListener, silentListener } from '../../../test/net-fixtures';
import { keygen, sshdAvailable, startSshd, TEST_PASSWORD, TEST_USER, type Sshd } from '../../../test/sshd';
import { tempDir } from '../../../test/tmp';
import { until } from '../../../test/until';
import { SshError } from './errors';
import { KnownHosts } from './known-hosts';
import { Tunnel, type ResolvedHop, type TunnelOptions } from './tunnel';

/**
 * The tunnel against real OpenSSH servers (test/sshd.ts) forwarding to the real PostgreSQL.
 * Under CI a missing sshd is a failure, not a skip.
 */
const PG = { host: '127.0.0.1', port: 5432 };
const available = sshdAvailable();
if (!available && process.env.CI === 'true') throw new Error('openssh-server (/usr/sbin/sshd) is missing; .ci/run installs it');

describe.skipIf(!available)('SSH tunnel against a real sshd', () => {
  const tmp = tempDir('poolscope-ssh-');
  let sshd: Sshd;
  let key: string;
  let known: string;
  const tunnels: Tunnel[] = [];

  beforeAll(async () => {
    sshd = await startSshd();
    key = join(tmp.path, 'id_ed25519');
    sshd.authorize(keygen(key));
    known = join(tmp.path, 'known_hosts');
    writeFileSync(known, `${sshd.knownHostsLine}\n`);
  });
  afterEach(async () => {
    for (const t of tunnels.splice(0)) await t.close();
  });
  afterAll(async () => {
    await sshd?.close();
    tmp.cleanup();
  });

  const hop = (over: Partial<ResolvedHop> = {}): ResolvedHop => ({ host: sshd.host, port: sshd.port, user: TEST_USER, auth: 'key', keyFile: key, ...over });
  const open = async (over: Partial<TunnelOptions> = {}) => {
    const t = await Tunnel.open({ hops: [hop()], target: PG, knownHosts: new KnownHosts([known], join(tmp.path, 'trusted')), timeoutMs: 5000, keepAliveSec: 5, ...over });
    tunnels.push(t);
    return t;
  };
  const failure = async (over: Partial<TunnelOptions>): Promise<SshError> => {
    try {
      await open(over);
    } catch (err) {
      expect(err).toBeInstanceOf(SshError);
      return err as SshError;
    }
    throw new Error('the tunnel opened, but it should have failed');
  };
  const queryThrough = async (t: Tunnel) => {
    const c = new pg.Client({ host: '127.0.0.1', port: t.localPort!, user: 'postgres', database: 'test', connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      const r = await c.query('SELECT inet_server_port() AS port, 41 + 1 AS answer');
      return r.rows[0] as { port: number; answer: number };
    } finally {
      await c.end();
    }
  };

  it('forwards PostgreSQL through a key login, and closes everything', async () => {
    const t = await open();
    expect(t.state).toBe('up');
    expect(t.localPort).toBeGreaterThan(0);
    expect(await queryThrough(t)).toEqual({ port: 5432, answer: 42 });
    await t.close();
    expect(t.status()).toMatchObject({ state: 'closed', channels: 0 });
    await expect(queryThrough(t)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('passphrase-protected key: missing, wrong, right', async () => {
    const locked = join(tmp.path, 'id_locked');
    sshd.authorize(keygen(locked, 'open sesame'));
    const needed = await failure({ hops: [hop({ keyFile: locked })] });
    expect(needed.kind).toBe('passphrase-needed');
    // What the "ask on connect" prompt asks for: the key, named, not yet refused.
    expect(needed.secret).toEqual({ key: `passphrase:${locked}`, kind: 'passphrase', label: `the key ${locked}`, wrong: false });
    const wrong = await failure({ hops: [hop({ keyFile: locked, secret: 'nope' })] });
    expect(wrong.kind).toBe('passphrase-wrong');
    expect(wrong.secret).toMatchObject({ key: `passphrase:${locked}`, wrong: true });
    expect(wrong.message).not.toContain('nope');
    const t = await open({ hops: [hop({ keyFile: locked, secret: 'open sesame' })] });
    expect((await queryThrough(t)).answer).toBe(42);
  });

  it('password login, and a wrong password refused as auth', async () => {
    const t = await open({ hops: [hop({ auth: 'password', keyFile: undefined, secret: TEST_PASSWORD })] });
    expect((await queryThrough(t)).answer).toBe(42);
    const refused = await failure({ hops: [hop({ auth: 'password', keyFile: undefined, secret: 'wrong' })] });
    expect(refused).toMatchObject({ kind: 'auth-refused', code: 'AUTH_FAILED', secret: { key: `password:${TEST_USER}@${sshd.host}:${sshd.port}`, kind: 'password', wrong: true } });
    const needed = await failure({ hops: [hop({ auth: 'password', keyFile: undefined })] });
    expect(needed.kind).toBe('password-needed');
    expect(needed.secret).toEqual({ key: `password:${TEST_USER}@${sshd.host}:${sshd.port}`, kind: 'password', label: `${TEST_USER}@${sshd.host}:${sshd.port}`, wrong: false });
    // A refused key login is not a secret to ask for.
    const other = join(tmp.path, 'id_unlisted');
    keygen(other);
    expect((await failure({ hops: [hop({ keyFile: other })] })).secret).toBeUndefined();
  });

  it('agent login (a real ssh-agent holding the key)', async () => {
    const sock = join(tmp.path, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await until('ssh-agent socket', () => {
        try {
          execFileSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
          return true;
        } catch (err) {
          return (err as { status?: number }).status === 1; // 1: agent up, no identities yet
        }
      });
      const agentKey = join(tmp.path, 'id_agent');
      sshd.authorize(keygen(agentKey));
      execFileSync('ssh-add', [agentKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const t = await open({ hops: [hop({ auth: 'agent', keyFile: undefined })], agentSocket: sock });
      expect((await queryThrough(t)).answer).toBe(42);
      expect((await failure({ hops: [hop({ auth: 'agent', keyFile: undefined })], agentSocket: join(tmp.path, 'no-agent.sock') })).kind).toMatch(/agent-unavailable|auth-refused/);
    } finally {
      agent.kill();
    }
  });

  it('unknown host: refused with the fingerprint ssh-keygen prints; trusted, it connects', async () => {
    const trusted = join(tmp.path, 'trusted-first-use');
    const kh = new KnownHosts([join(tmp.path, 'empty')], trusted);
    const err = await failure({ knownHosts: kh });
    expect(err.kind).toBe('host-key-unknown');
    const expected = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
    expect(err.hostKey).toMatchObject({ fingerprint: expected, keyType: 'ssh-ed25519', hostEntry: `[127.0.0.1]:${sshd.port}` });
    kh.trust(err.hostKey!.host, err.hostKey!.port, err.hostKey!.keyType, err.hostKey!.key);
    // OpenSSH itself accepts the hashed line Poolscope wrote.
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', trusted], { encoding: 'utf8' });
    expect(found).toContain('ssh-ed25519');
    const t = await open({ knownHosts: kh });
    expect(t.state).toBe('up');
  });

  it('a changed host key is refused with the reason and both fingerprints', async () => {
    const other = await startSshd();
    try {
      const kh = join(tmp.path, 'kh-rekey');
      writeFileSync(kh, `${other.knownHostsLine}\n`);
      const before = other.knownHostsLine;
      await other.rekey();
      expect(other.knownHostsLine).not.toBe(before);
      const err = await failure({ hops: [{ ...hop(), port: other.port }], knownHosts: new KnownHosts([kh], join(tmp.path, 'unused')) });
      expect(err.kind).toBe('host-key-mismatch');
      expect(err.message).toContain(`${kh}:1`);
      expect(err.message).toMatch(/changed: the server shows SHA256:\S+, but .* records SHA256:/);
      expect(err.hint).toContain('ssh-keygen -R');
    } finally {
      await other.close();
    }
  });

  it('forwarding refused by PermitOpen is named, at the probe', async () => {
    const strict = await startSshd({ config: ['PermitOpen 127.0.0.1:1'] });
    try {
      strict.authorize(keygen(join(tmp.path, 'id_strict')));
      const kh = join(tmp.path, 'kh-strict');
      writeFileSync(kh, `${strict.knownHostsLine}\n`);
      const t = await open({ hops: [{ ...hop(), port: strict.port, keyFile: join(tmp.path, 'id_strict') }], knownHosts: new KnownHosts([kh], kh) });
      const err = await t.probeForward().then(() => null, (e: SshError) => e);
      expect(err).toMatchObject({ kind: 'forwarding-refused' });
      expect(err!.message).toContain('127.0.0.1:5432');
    } finally {
      await strict.close();
    }
  });

  it('a port that never speaks SSH times out on schedule; one that speaks HTTP is not SSH', async () => {
    const silent = await silentListener();
    const http = await httpLikeListener();
    try {
      const started = Date.now();
      const err = await failure({ hops: [{ ...hop(), port: silent.port }], timeoutMs: 1500 });
      expect(err.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(4000);
      const notSsh = await failure({ hops: [{ ...hop(), port: http.port }], timeoutMs: 3000 });
      expect(notSsh.kind).toMatch(/not-ssh/);
      const closedPort = await failure({ hops: [{ ...hop(), port: 1 }] });
      expect(closedPort.kind).toBe('bastion-unreachable');
    } finally {
      await silent.close();
      await http.close();
    }
  });

  it('a two-hop chain: the second sshd is reached through the first', async () => {
    const inner = await startSshd();
    try {
      const innerKey = join(tmp.path, 'id_inner');
      inner.authorize(keygen(innerKey));
      const kh = join(tmp.path, 'kh-chain');
      writeFileSync(kh, `${sshd.knownHostsLine}\n${inner.knownHostsLine}\n`);
      const events: string[] = [];
      const t = await open({ hops: [hop(), { ...hop(), port: inner.port, keyFile: innerKey }], knownHosts: new KnownHosts([kh], kh), onEvent: (e) => events.push(e.kind) });
      expect(t.route).toBe(`${TEST_USER}@127.0.0.1:${sshd.port} → ${TEST_USER}@127.0.0.1:${inner.port} → 127.0.0.1:5432`);
      expect((await queryThrough(t)).answer).toBe(42);
      expect(events).toEqual(['up']);
    } finally {
      await inner.close();
    }
  });

  it('the tunnel killed mid-use reconnects on the same local port, with events', async () => {
    const flaky = await startSshd();
    try {
      const k = join(tmp.path, 'id_flaky');
      flaky.authorize(keygen(k));
      const kh = join(tmp.path, 'kh-flaky');
      writeFileSync(kh, `${flaky.knownHostsLine}\n`);
      const events: string[] = [];
      const t = await open({ hops: [{ ...hop(), port: flaky.port, keyFile: k }], knownHosts: new KnownHosts([kh], kh), keepAliveSec: 1, onEvent: (e) => events.push(`${e.kind}:${e.state}`) });
      const port = t.localPort;
      const c = new pg.Client({ host: '127.0.0.1', port: port!, user: 'postgres', database: 'test' });
      c.on('error', () => undefined);
      await c.connect();
      await c.query('SELECT 1');
      await flaky.kill();
      await expect(c.query('SELECT 1')).rejects.toThrow();
      await until('tunnel noticed the drop', () => t.state === 'reconnecting');
      await flaky.restart();
      await until('tunnel back up', () => t.state === 'up', 20_000);
      expect(t.localPort).toBe(port);
      expect((await queryThrough(t)).answer).toBe(42);
      expect(t.status().reconnects).toBe(1);
      expect(events[0]).toBe('up:up');
      expect(events).toContain('down:reconnecting');
      expect(events).toContain('reconnecting:reconnecting');
      expect(events[events.length - 1]).toBe('up:up');
      t.drop();
      await until('dropped tunnel back up', () => t.state === 'up' && t.status().reconnects === 2, 20_000);
      expect(events).toContain('dropped:up');
    } finally {
      await flaky.close();
    }
  });
});
