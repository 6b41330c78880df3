import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './tmp';

/**
 * A real OpenSSH server (Debian's /usr/sbin/sshd) on a loopback port of the test's own, with host
 * keys and authorized_keys generated in a temp folder. It runs in a private mount namespace where
 * /etc/passwd and /etc/shadow are replaced by files of the fixture's own (a test user `pstest`
 * with a known password, uid 0 so sshd needs no other setup) and /run is a fresh tmpfs for sshd's
 * privilege-separation folder: nothing on the machine is changed.
 */

export const SSHD = '/usr/sbin/sshd';
export const TEST_USER = 'pstest';
export const TEST_PASSWORD = 'tunnel-pass-1';

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen');
}

export interface Sshd {
  host: string;
  port: number;
  dir: string;
  /** The host's public key line (`ssh-ed25519 AAAA…`). */
  hostKey: string;
  /** A known_hosts line for this server. */
  knownHostsLine: string;
  authorize(publicKeyLine: string): void;
  /** Replaces the host key (as a reinstalled server would) and restarts on the same port. */
  rekey(): Promise<void>;
  /** Kills the server and every session it holds (tunnels drop). */
  kill(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function keygen(path: string, passphrase = '', type = 'ed25519'): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-f', path, '-C', 'poolscope-test'], { stdio: 'ignore' });
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

export interface SshdOptions {
  /** Extra sshd_config lines (PermitOpen, AllowTcpForwarding …). */
  config?: string[];
  /** Run inside this network namespace (`ip netns`), listening on `listen` there. */
  netns?: string;
  listen?: string;
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const tmp = tempDir('poolscope-sshd-');
  const dir = tmp.path;
  const host = opts.listen ?? '127.0.0.1';
  const port = opts.netns ? 2222 : await freePort();
  const hostKeyPath = join(dir, 'host_ed25519');
  let hostKey = keygen(hostKeyPath);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, '', { mode: 0o600 });
  mkdirSync(join(dir, 'home'), { mode: 0o700 });
  const hash = execFileSync('openssl', ['passwd', '-6', TEST_PASSWORD], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'passwd'), `root:x:0:0:root:/root:/bin/sh\n${TEST_USER}:x:0:0:poolscope test:${join(dir, 'home')}:/bin/sh\nsshd:x:65534:65534::/run/sshd:/usr/sbin/nologin\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n`);
  writeFileSync(join(dir, 'shadow'), `root:*:19000:0:99999:7:::\n${TEST_USER}:${hash}:19000:0:99999:7:::\n`, { mode: 0o600 });
  const cfg = join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    [
      `Port ${port}`,
      `ListenAddress ${host}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'StrictModes no',
      'PermitRootLogin yes',
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding yes',
      'AllowAgentForwarding no',
      'X11Forwarding no',
      'MaxStartups 100',
      'LogLevel VERBOSE',
      ...(opts.config ?? []),
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const log: string[] = [];

  const start = async () => {
    const script = `mount -t tmpfs tmpfs /run && mkdir -p /run/sshd && mount --bind ${dir}/passwd /etc/passwd && mount --bind ${dir}/shadow /etc/shadow && exec ${SSHD} -D -e -f ${cfg}`;
    const argv = ['-m', '--propagation', 'private', 'sh', '-c', script];
    child = opts.netns ? spawn('ip', ['netns', 'exec', opts.netns, 'unshare', ...argv], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn('unshare', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    await waitForBanner(host, port, () => log.join(''));
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    // Per-connection sshd processes outlive the listener: end them first (by pid) so tunnels really drop.
    for (const pid of descendants(c.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  const line = () => `${port === 22 ? host : `[${host}]:${port}`} ${hostKey.split(' ').slice(0, 2).join(' ')}`;
  return {
    host,
    port,
    dir,
    get hostKey() {
      return hostKey;
    },
    get knownHostsLine() {
      return line();
    },
    authorize: (pub) => appendFileSync(authorized, `${pub}\n`),
    async rekey() {
      await kill();
      execFileSync('rm', ['-f', hostKeyPath, `${hostKeyPath}.pub`]);
      hostKey = keygen(hostKeyPath);
      await start();
    },
    kill,
    restart: start,
    async close() {
      await kill();
      tmp.cleanup();
    },
  };
}

async function waitForBanner(host: string, port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host);
      s.setTimeout(1000);
      s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('SSH-2.0'))));
      s.once('error', () => resolve(false));
      s.once('timeout', () => (s.destroy(), resolve(false)));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not start on ${host}:${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const kids = out.split(/\s+/).filter(Boolean).map(Number);
  return kids.flatMap((k) => [...descendants(k), k]);
}
