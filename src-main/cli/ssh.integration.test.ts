import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from './main';
import { keygen, sshdAvailable, startSshd, TEST_USER, type Sshd } from '../../test/sshd';
import { tempDir } from '../../test/tmp';
import { PG_URL } from '../../test/servers';

/**
 * The command line through a real sshd: --ssh (repeatable, first hop first), --ssh-key, a
 * ~/.ssh/config alias, on check, types, export and verify; an unknown host key refused with its fingerprint.
 */
const available = sshdAvailable();
if (!available && process.env.CI === 'true') throw new Error('openssh-server (/usr/sbin/sshd) is missing; .ci/run installs it');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out: () => out.join('\n'), err: () => err.join('\n') };
}

describe.skipIf(!available)('poolscope check/types/export --ssh', () => {
  const dir = tempDir('poolscope-cli-ssh-');
  const dataDir = join(dir.path, 'data');
  const home = join(dir.path, 'home');
  let a: Sshd;
  let b: Sshd;
  let key = '';
  const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
  const run = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli([...argv, '--data-dir', dataDir], c.io);
    return { code, out: c.out(), err: c.err() };
  };

  beforeAll(async () => {
    a = await startSshd();
    b = await startSshd();
    key = join(dir.path, 'id_cli');
    const pub = keygen(key);
    a.authorize(pub);
    b.authorize(pub);
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'known_hosts'), `${a.knownHostsLine}\n${b.knownHostsLine}\n`);
    writeFileSync(join(home, '.ssh', 'config'), `Host inner-alias\n  HostName 127.0.0.1\n  Port ${b.port}\n  User ${TEST_USER}\n  IdentityFile ${key}\n  ProxyJump ${TEST_USER}@127.0.0.1:${a.port}\nHost 127.0.0.1\n  IdentityFile ${key}\n`);
    process.env.HOME = home;
    delete process.env.SSH_AUTH_SOCK;
  });
  afterAll(async () => {
    process.env.HOME = saved.HOME;
    if (saved.SSH_AUTH_SOCK !== undefined) process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
    await a?.close();
    await b?.close();
    dir.cleanup();
  });

  it('check through a two-hop chain given as two --ssh flags, first hop first', async () => {
    const r = await run('check', PG_URL, '--ssh', `${TEST_USER}@127.0.0.1:${a.port}`, '--ssh', `${TEST_USER}@127.0.0.1:${b.port}`, '--ssh-key', key, '--json');
    expect(r.err).toBe('');
    const out = JSON.parse(r.out) as { facts: { via?: string; product: string } };
    expect(out.facts.product).toBe('postgresql');
    expect(out.facts.via).toBe(`${TEST_USER}@127.0.0.1:${a.port} → ${TEST_USER}@127.0.0.1:${b.port} → 127.0.0.1:5432`);
  });

  it('types through a ~/.ssh/config alias whose ProxyJump makes the chain', async () => {
    const r = await run('types', PG_URL, '--ssh', 'inner-alias', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toHaveProperty('columns');
  });

  it('export says the facts were measured through the tunnel and keeps the database host in the URL', async () => {
    const outDir = join(dir.path, 'export');
    const r = await run('export', PG_URL, '--ssh', `${TEST_USER}@127.0.0.1:${a.port}`, '--ssh-key', key, '--out', outDir);
    expect(r.code, r.err).toBe(0);
    const text = readdirSync(outDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.py') || f.endsWith('.env.example') || f.endsWith('.example'))
      .map((f) => readFileSync(join(outDir, f), 'utf8'))
      .join('\n');
    expect(text).toContain(`through the SSH tunnel ${TEST_USER}@127.0.0.1:${a.port}`);
    expect(text).toContain('127.0.0.1:5432/');
  });

  it.skipIf(!inject('python').python)('verify runs both sides through --ssh', async () => {
    const r = await run('verify', PG_URL, '--ssh', `${TEST_USER}@127.0.0.1:${a.port}`, '--ssh-key', key, '--python', inject('python').python!, '--duration', '1', '--concurrency', '2', '--json');
    expect(r.code, r.err).toBe(0);
    const dto = JSON.parse(r.out) as { state: string; python: { completed: number; errors: number }; poolscope: { completed: number } };
    expect(dto.state).toBe('done');
    expect(dto.python.completed).toBeGreaterThan(0);
    expect(dto.python.errors).toBe(0);
    expect(dto.poolscope.completed).toBeGreaterThan(0);
  }, 90_000);

  it('an unknown host key is refused with its fingerprint and how to trust it; a bad --ssh is a usage error', async () => {
    const stranger = await startSshd();
    try {
      stranger.authorize(readFileSync(`${key}.pub`, 'utf8'));
      const r = await run('check', PG_URL, '--ssh', `${TEST_USER}@127.0.0.1:${stranger.port}`, '--ssh-key', key);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(new RegExp(`\\[127\\.0\\.0\\.1\\]:${stranger.port} is not a known SSH host\\. Its ssh-ed25519 key fingerprint is SHA256:`));
      expect(r.err).toContain('run the same command again with --ssh-trust-new');
    } finally {
      await stranger.close();
    }
    const bad = await run('check', PG_URL, '--ssh', 'user@host:99999');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('out of range');
  });

  it('--ssh-trust-new trusts a first-seen host (accept-new) and says so; a changed key is still refused with the reason', async () => {
    const fresh = await startSshd();
    try {
      fresh.authorize(readFileSync(`${key}.pub`, 'utf8'));
      const hop = ['--ssh', `${TEST_USER}@127.0.0.1:${fresh.port}`, '--ssh-key', key];
      const expected = execFileSync('ssh-keygen', ['-lf', join(fresh.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]!;

      const refused = await run('check', PG_URL, ...hop, '--json');
      expect(refused.code).toBe(3);
      const error = (JSON.parse(refused.out) as { error: { message: string; hint: string } }).error;
      expect(error.message).toContain(expected);
      expect(error.hint).toContain('--ssh-trust-new');

      const trusted = await run('check', PG_URL, ...hop, '--ssh-trust-new', '--json');
      expect(trusted.err).toBe(`poolscope: [127.0.0.1]:${fresh.port} was not a known SSH host; its ssh-ed25519 key ${expected} is now trusted (--ssh-trust-new) and recorded in ${join(dataDir, 'known_hosts')}.`);
      expect((JSON.parse(trusted.out) as { facts: { via?: string } }).facts.via).toBe(`${TEST_USER}@127.0.0.1:${fresh.port} → 127.0.0.1:5432`);
      // Recorded: the next run needs no flag, and says nothing about host keys.
      const again = await run('check', PG_URL, ...hop, '--json');
      expect(again.err).toBe('');
      expect((JSON.parse(again.out) as { facts: { via?: string } }).facts.via).toContain(`127.0.0.1:${fresh.port}`);

      // A reinstalled server (new key): accept-new never overrides a recorded key.
      await fresh.rekey();
      const changed = await run('check', PG_URL, ...hop, '--ssh-trust-new');
      expect(changed.code).toBe(3);
      expect(changed.err).toContain(`host key of [127.0.0.1]:${fresh.port} changed`);
      expect(changed.err).toContain(`records ${expected}`);
      expect(changed.err).toContain('Refused');
      expect(changed.err).toContain(`ssh-keygen -R "[127.0.0.1]:${fresh.port}" -f ${join(dataDir, 'known_hosts')}`);
      expect(changed.err).not.toContain('is now trusted');
    } finally {
      await fresh.close();
    }
  });
});
