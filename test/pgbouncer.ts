import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-cluster';

const BINARY = process.env.POOLSCOPE_PGBOUNCER ?? '/usr/sbin/pgbouncer';

/** Why no PgBouncer can be started here, or null. */
export function pgbouncerMissing(): string | null {
  if (!existsSync(BINARY)) return `pgbouncer not found at ${BINARY} (apt-get install -y pgbouncer, or set POOLSCOPE_PGBOUNCER)`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root without a postgres OS user (Debian\'s pgbouncer refuses to run as root)';
    }
  }
  return null;
}

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it. */
  serverHost: string;
  serverPort: number;
  /** Databases to expose (same name on the server). */
  databases: string[];
  /** The role the tests log in as; with trust auth it only needs to be listed. */
  user: string;
  poolMode?: 'session' | 'transaction' | 'statement';
}

/**
 * A private PgBouncer 1.x in front of a PostgreSQL server, on a free port, in transaction mode by
 * default, trust authentication, with the test user as an admin (so the pgbouncer console answers).
 * Started as the postgres OS user when running as root; stopped by the pid it wrote.
 */
export class PgBouncer {
  private proc: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(opts: PgBouncerOptions): Promise<PgBouncer> {
    const reason = pgbouncerMissing();
    if (reason) throw new Error(reason);
    const dir = mkdtempSync(join(tmpdir(), 'poolscope-pgb-'));
    const b = new PgBouncer(dir, await freePort());
    const ini = [
      '[databases]',
      ...opts.databases.map((d) => `${d} = host=${opts.serverHost} port=${opts.serverPort} dbname=${d}`),
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${b.port}`,
      "unix_socket_dir = ''",
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `admin_users = ${opts.user}`,
      `pool_mode = ${opts.poolMode ?? 'transaction'}`,
      'default_pool_size = 2',
      'max_client_conn = 20',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    ].join('\n');
    writeFileSync(join(dir, 'pgbouncer.ini'), ini + '\n');
    writeFileSync(join(dir, 'users.txt'), `"${opts.user}" ""\n`);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      for (const f of ['', 'pgbouncer.ini', 'users.txt']) chownSync(join(dir, f), uid, gid);
    }
    const [file, args] = asRoot ? ['runuser', ['-u', 'postgres', '--', BINARY, join(dir, 'pgbouncer.ini')]] : [BINARY, [join(dir, 'pgbouncer.ini')]];
    b.proc = spawn(file, args, { cwd: dir, stdio: 'ignore' });
    b.proc.on('error', () => undefined);
    await b.waitListening();
    return b;
  }

  private async waitListening(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const up = await new Promise<boolean>((resolve) => {
        const s = connect(this.port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (up) return;
      if (this.proc?.exitCode !== null && this.proc?.exitCode !== undefined) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const log = existsSync(join(this.dir, 'pgbouncer.log')) ? readFileSync(join(this.dir, 'pgbouncer.log'), 'utf8') : '';
    await this.stop();
    throw new Error(`pgbouncer did not start listening on ${this.port}:\n${log.slice(-2000)}`);
  }

  async stop(): Promise<void> {
    const pidFile = join(this.dir, 'pgbouncer.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    if (this.proc && this.proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (this.proc?.kill('SIGKILL'), resolve()), 5000);
        this.proc!.once('exit', () => (clearTimeout(t), resolve()));
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
