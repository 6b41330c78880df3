import pg from 'pg';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfile, type ProfileData } from '../src-main/shared/profile';

/**
 * A private PostgreSQL 15 cluster for tests that need what the shared server cannot give: password
 * authentication (the shared one trusts 127.0.0.1), TLS, or being stopped and restarted under load.
 * Each instance lives in its own temp folder, on its own free port with its own socket folder, and
 * is removed by destroy() (also attempted at process exit, so a crashed test leaves no postmaster).
 */

const BIN_DIRS = [process.env.POOLSCOPE_PG_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean) as string[];

export interface PgClusterOptions {
  /** Serve TLS with a self-signed certificate for 127.0.0.1/localhost (needs openssl). */
  ssl?: boolean;
  /** pg_hba method for TCP connections; scram-sha-256 makes wrong passwords fail. */
  hostAuth?: 'scram-sha-256' | 'md5' | 'password' | 'trust';
  /** Start the server inside this network namespace (test/netns.ts): its TCP port is then reachable only from there; the unix socket still works from here. */
  netns?: string;
  /**
   * With ssl: a CA file whose certificates clients must present over TCP (pg_hba `hostssl …
   * clientcert=verify-ca`, on top of hostAuth); it is copied into the data folder as ssl_ca_file.
   */
  clientCa?: string;
}

function binDir(): string | null {
  for (const d of BIN_DIRS) if (existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) return d;
  return null;
}

/** Why a private cluster cannot be made here, or null when it can (for describe.skipIf). */
export function pgClusterMissing(): string | null {
  const dir = binDir();
  if (!dir) return `initdb/pg_ctl not found in ${BIN_DIRS.join(', ')} (install postgresql-15 or set POOLSCOPE_PG_BIN)`;
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root without a postgres OS user to run initdb as';
  return null;
}

/** Like test/global-setup-servers.ts: a loud skip on a laptop, a failure under CI. */
export function requirePgCluster(): string | null {
  const reason = pgClusterMissing();
  if (reason && (process.env.CI === 'true' || process.env.CI === '1')) throw new Error(`CI=true and no private PostgreSQL cluster can be made: ${reason}`);
  if (reason) process.stderr.write(`\n${'!'.repeat(78)}\nPRIVATE POSTGRESQL CLUSTER UNAVAILABLE: tests that need it are SKIPPED\n${reason}\n${'!'.repeat(78)}\n`);
  return reason;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<PgCluster>();
process.once('exit', () => {
  for (const c of live) c.destroySync();
});

export class PgCluster {
  readonly user = 'poolscope_app';
  readonly password = "App pw:@/?#%'\"ü-" + Math.random().toString(36).slice(2, 8);
  readonly superuser = 'postgres';
  readonly host = '127.0.0.1';
  readonly socketDir: string;
  readonly dataDir: string;
  readonly certFile: string;
  private running = false;
  private readonly bin: string;
  private readonly asPostgres: boolean;

  private constructor(
    readonly root: string,
    public port: number,
    readonly options: PgClusterOptions,
  ) {
    this.bin = binDir()!;
    this.dataDir = join(root, 'data');
    this.socketDir = join(root, 'sock');
    this.certFile = join(this.dataDir, 'server.crt');
    this.asPostgres = process.getuid?.() === 0;
  }

  /** initdb into a temp folder, configure, start, and create the password role. */
  static async create(options: PgClusterOptions = {}): Promise<PgCluster> {
    const reason = pgClusterMissing();
    if (reason) throw new Error(`A private PostgreSQL cluster cannot be made: ${reason}`);
    const root = mkdtempSync(join(tmpdir(), 'poolscope-pgc-'));
    const cluster = new PgCluster(root, await freePort(), options);
    live.add(cluster);
    try {
      cluster.init();
      await cluster.start();
      await cluster.superQuery(`CREATE ROLE ${cluster.user} LOGIN PASSWORD '${cluster.password.replace(/'/g, "''")}'`);
      await cluster.superQuery(`CREATE DATABASE app OWNER ${cluster.user}`);
    } catch (err) {
      cluster.destroySync();
      throw err;
    }
    return cluster;
  }

  private run(cmd: string, args: string[]): string {
    const full = join(this.bin, cmd);
    let [file, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
    if (this.options.netns && cmd === 'pg_ctl') [file, argv] = ['ip', ['netns', 'exec', this.options.netns, file, ...argv]];
    try {
      return execFileSync(file, argv, { cwd: this.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}\n${this.logTail()}`);
    }
  }

  private init(): void {
    mkdirSync(this.socketDir, { recursive: true });
    const pwfile = join(this.root, 'pwfile');
    writeFileSync(pwfile, 'postgres-super-pw\n', { mode: 0o600 });
    if (this.asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      for (const p of [this.root, this.socketDir, pwfile]) chownSync(p, uid, gid);
    }
    const hostAuth = this.options.hostAuth ?? 'scram-sha-256';
    this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth-local=trust', `--auth-host=${hostAuth}`, `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync', '--no-instructions']);
    rmSync(pwfile, { force: true });
    const conf = [
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${this.socketDir}'`,
      // Small and fast: a test cluster holds no data worth an fsync and must not starve the shared machine.
      'max_connections = 30',
      'shared_buffers = 16MB',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      `password_encryption = '${hostAuth === 'md5' ? 'md5' : 'scram-sha-256'}'`,
    ];
    if (this.options.ssl) {
      this.makeCertificate();
      conf.push('ssl = on', `ssl_cert_file = 'server.crt'`, `ssl_key_file = 'server.key'`);
      if (this.options.clientCa) this.requireClientCertificates(this.options.clientCa, hostAuth, conf);
    }
    writeFileSync(join(this.dataDir, 'postgresql.auto.conf'), conf.join('\n') + '\n');
  }

  private requireClientCertificates(ca: string, hostAuth: string, conf: string[]): void {
    const target = join(this.dataDir, 'client-ca.crt');
    copyFileSync(ca, target);
    this.giveToPostgres(target);
    conf.push(`ssl_ca_file = 'client-ca.crt'`);
    writeFileSync(join(this.dataDir, 'pg_hba.conf'), `local all all trust\nhostssl all all 127.0.0.1/32 ${hostAuth} clientcert=verify-ca\n`);
  }

  private giveToPostgres(path: string): void {
    if (!this.asPostgres) return;
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(path, uid, gid);
  }

  private makeCertificate(): void {
    const key = join(this.dataDir, 'server.key');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', this.certFile,
    ], { stdio: 'ignore' });
    chmodSync(key, 0o600);
    if (this.asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(key, uid, gid);
      chownSync(this.certFile, uid, gid);
    }
  }

  /** Starts the postmaster and waits until it accepts connections. Picks a new port if the old one was taken meanwhile. */
  async start(): Promise<void> {
    if (this.running) return;
    for (let attempt = 0; ; attempt++) {
      try {
        this.run('pg_ctl', ['-D', this.dataDir, '-l', join(this.root, 'server.log'), '-w', '-t', '30', '-o', `-p ${this.port}`, 'start']);
        this.running = true;
        return;
      } catch (err) {
        if (attempt < 2 && /could not bind|already in use/i.test(this.logTail())) {
          this.port = await freePort();
          continue;
        }
        throw err;
      }
    }
  }

  /** `fast` rolls back sessions and shuts down cleanly; `immediate` is a crash-like stop (recovery at next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running) return;
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
    this.running = false;
  }

  async restart(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Stop and remove everything. Safe to call twice. */
  async destroy(): Promise<void> {
    this.destroySync();
  }

  destroySync(): void {
    if (this.running || existsSync(join(this.dataDir, 'postmaster.pid'))) {
      try {
        this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
      } catch {
        // Already stopped, or the folder is half-made: removing it is all that is left to do.
      }
    }
    this.running = false;
    rmSync(this.root, { recursive: true, force: true });
    live.delete(this);
  }

  /** A superuser query over the unix socket (local trust), for set-up outside the code under test. */
  async superQuery<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    const c = new pg.Client({ host: this.socketDir, port: this.port, user: this.superuser, database: 'postgres' });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** A URL for the password role over TCP (the password percent-encoded), for URL-based code paths. */
  url(database = 'app', driver = 'asyncpg'): string {
    return `postgresql+${driver}://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@${this.host}:${this.port}/${database}`;
  }

  profile(overrides: Record<string, unknown> = {}): ProfileData {
    return parseProfile({
      name: 'private-pg',
      backend: 'postgresql',
      host: this.host,
      port: this.port,
      user: this.user,
      database: 'app',
      passwordMode: 'saved',
      tls: { mode: this.options.ssl ? 'prefer' : 'disable' },
      ...overrides,
    });
  }

  logTail(lines = 15): string {
    const file = join(this.root, 'server.log');
    if (!existsSync(file)) return '';
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  }
}
