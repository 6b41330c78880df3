import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgTarget } from './servers';
import { freePort } from './pg-cluster';

/**
 * A real PgBouncer (Debian's package) for the integration tests: its own temp directory, a free
 * loopback port, transaction mode in front of the test PostgreSQL. Debian's pgbouncer refuses to
 * run as root, so as root it is started as the postgres user. It is stopped by the pid it wrote.
 */
const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];
const isCI = process.env.CI === 'true' || process.env.CI === '1';

export function pgbouncerBinary(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Why PgBouncer tests cannot run here, or null. Loud on stderr; under CI=true the suite runs and fails instead of skipping. */
export function pgbouncerMissing(): string | null {
  if (pgbouncerBinary()) return null;
  const reason = `pgbouncer is not installed (looked in ${CANDIDATES.join(', ')}); install it with apt-get install -y pgbouncer`;
  const line = '!'.repeat(78);
  process.stderr.write(`\n${line}\nPGBOUNCER MISSING: PgBouncer tests are ${isCI ? 'FAILING (CI=true)' : 'SKIPPED'}\n${reason}\n${line}\n\n`);
  return isCI ? null : reason;
}

/** The installed PgBouncer's version as [major, minor], from `pgbouncer --version`; null when unreadable. */
export function pgbouncerVersion(): [number, number] | null {
  const binary = pgbouncerBinary();
  if (!binary) return null;
  const m = /PgBouncer (\d+)\.(\d+)/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** PgBouncer 1.21 added max_prepared_statements; older versions refuse to start with it in the ini. */
export function pgbouncerTracksPrepared(): boolean {
  const v = pgbouncerVersion();
  return v !== null && (v[0] > 1 || (v[0] === 1 && v[1] >= 21));
}

export interface PgBouncerInstance {
  port: number;
  dir: string;
  stop(): Promise<void>;
  log(): string;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, log: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`PgBouncer: ${what} did not happen within ${timeoutMs} ms.\n${log()}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startPgBouncer(opts: {
  users: Array<{ name: string; password?: string }>;
  adminUsers: string[];
  poolMode?: 'transaction' | 'session';
  /** PgBouncer 1.21+ only: prepared statements tracked in transaction mode. */
  maxPreparedStatements?: number;
}): Promise<PgBouncerInstance> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error('pgbouncer is not installed: apt-get install -y pgbouncer');
  if (opts.maxPreparedStatements !== undefined && !pgbouncerTracksPrepared()) throw new Error(`PgBouncer ${pgbouncerVersion()?.join('.') ?? '(unknown version)'} has no max_prepared_statements (1.21+).`);
  const target = pgTarget();
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-pgbouncer-'));
  const port = await freePort();
  const logFile = join(dir, 'pgbouncer.log');
  const pidFile = join(dir, 'pgbouncer.pid');
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(join(dir, 'users.txt'), opts.users.map((u) => `${quote(u.name)} ${quote(u.password ?? '')}`).join('\n') + '\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.host} port=${target.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${opts.poolMode ?? 'transaction'}`,
      `admin_users = ${opts.adminUsers.join(', ')}`,
      'max_client_conn = 50',
      'default_pool_size = 5',
      ...(opts.maxPreparedStatements !== undefined ? [`max_prepared_statements = ${opts.maxPreparedStatements}`] : []),
      `logfile = ${logFile}`,
      `pidfile = ${pidFile}`,
      '',
    ].join('\n'),
  );
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log yet)');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    const uid = Number(pw.stdout.trim());
    if (!Number.isInteger(uid) || pw.status !== 0) throw new Error('PgBouncer refuses to run as root and there is no postgres user to run it as.');
    for (const f of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, f), uid, Number(gid.stdout.trim()));
  }
  const cmd = asRoot ? 'runuser' : binary;
  const args = asRoot ? ['-u', 'postgres', '--', binary, '-d', join(dir, 'pgbouncer.ini')] : ['-d', join(dir, 'pgbouncer.ini')];
  // -d: PgBouncer daemonises and writes its pid file; the launcher exits at once.
  const launcher = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let launcherOut = '';
  launcher.stdout.on('data', (d) => (launcherOut += d));
  launcher.stderr.on('data', (d) => (launcherOut += d));
  const code = await new Promise<number | null>((resolve) => launcher.on('exit', resolve));
  const fullLog = () => `launcher: ${launcherOut}\nlog:\n${log()}`;
  if (code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PgBouncer did not start (exit ${code}).\n${fullLog()}`);
  }
  await waitFor('the pid file', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 10_000, fullLog);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  await waitFor(`listening on 127.0.0.1:${port}`, () => accepts(port), 10_000, fullLog);
  return {
    port,
    dir,
    log,
    async stop() {
      if (alive(pid)) {
        process.kill(pid, 'SIGTERM');
        try {
          await waitFor('exit after SIGTERM', () => !alive(pid), 5_000, fullLog);
        } catch {
          process.kill(pid, 'SIGKILL');
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
