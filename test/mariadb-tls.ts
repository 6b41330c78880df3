import mysql from 'mysql2/promise';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-cluster';

/**
 * A private MariaDB serving TLS, for tests of what the shared server cannot show (it has no TLS):
 * its own temp folder, a free loopback port, a throwaway CA that signs the server certificate
 * (127.0.0.1 and localhost) and a client certificate. As root, mariadbd drops to the mysql user.
 * destroy() stops the process it started (by its handle) and removes the folder; so does exit.
 */

const SERVER = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];

const find = (paths: string[]) => paths.find((p) => existsSync(p)) ?? null;

/** Why a private TLS MariaDB cannot be made here, or null. */
export function mariadbTlsMissing(): string | null {
  if (!find(SERVER) || !find(INSTALL)) return `mariadbd and mariadb-install-db are not installed (looked in ${[...SERVER, ...INSTALL].join(', ')})`;
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl is not installed (it makes the test certificates)';
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'mysql']).status !== 0) return 'running as root without a mysql OS user for mariadbd to run as';
  return null;
}

const live = new Set<MariaDbTls>();
process.once('exit', () => {
  for (const s of live) s.destroySync();
});

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

export class MariaDbTls {
  readonly host = '127.0.0.1';
  readonly user = 'poolscope_tls';
  readonly password = 'Tls pw:@/?' + Math.random().toString(36).slice(2, 8);
  readonly database = 'app';
  readonly caFile: string;
  readonly clientCert: string;
  readonly clientKey: string;
  private proc: ChildProcess | null = null;

  private constructor(
    readonly root: string,
    readonly port: number,
  ) {
    const certs = join(root, 'certs');
    this.caFile = join(certs, 'ca.pem');
    this.clientCert = join(certs, 'client.pem');
    this.clientKey = join(certs, 'client.key');
  }

  static async create(): Promise<MariaDbTls> {
    const reason = mariadbTlsMissing();
    if (reason) throw new Error(`A private TLS MariaDB cannot be made: ${reason}`);
    const root = mkdtempSync(join(tmpdir(), 'poolscope-mariadb-tls-'));
    const server = new MariaDbTls(root, await freePort());
    live.add(server);
    try {
      server.makeCertificates();
      server.install();
      await server.start();
      await server.admin([
        `CREATE USER '${server.user}'@'%' IDENTIFIED BY '${server.password.replace(/'/g, "''")}'`,
        `CREATE DATABASE ${server.database} CHARACTER SET utf8mb4`,
        `GRANT ALL ON ${server.database}.* TO '${server.user}'@'%'`,
      ]);
    } catch (err) {
      server.destroySync();
      throw err;
    }
    return server;
  }

  private makeCertificates(): void {
    const dir = join(this.root, 'certs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Poolscope test CA', '-keyout', 'ca.key', '-out', 'ca.pem'], dir);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr'], dir);
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.pem'], dir);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=poolscope client', '-keyout', 'client.key', '-out', 'client.csr'], dir);
    openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'client.pem'], dir);
  }

  private get asRoot(): boolean {
    return process.getuid?.() === 0;
  }

  private install(): void {
    mkdirSync(join(this.root, 'data'));
    if (this.asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).trim());
      for (const p of [this.root, join(this.root, 'data'), join(this.root, 'certs'), ...readdirSync(join(this.root, 'certs')).map((f) => join(this.root, 'certs', f))]) chownSync(p, uid, gid);
    }
    const args = [`--datadir=${join(this.root, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...(this.asRoot ? ['--user=mysql'] : [])];
    const r = spawnSync(find(INSTALL)!, args, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`mariadb-install-db failed: ${r.stderr || r.stdout}`);
  }

  private async start(): Promise<void> {
    const certs = join(this.root, 'certs');
    const args = [
      '--no-defaults',
      `--datadir=${join(this.root, 'data')}`,
      `--port=${this.port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(this.root, 'mysqld.sock')}`,
      `--pid-file=${join(this.root, 'mysqld.pid')}`,
      `--log-error=${join(this.root, 'error.log')}`,
      `--ssl-ca=${join(certs, 'ca.pem')}`,
      `--ssl-cert=${join(certs, 'server.pem')}`,
      `--ssl-key=${join(certs, 'server.key')}`,
      // Small: a test server holds no data worth memory on a shared machine.
      '--innodb-buffer-pool-size=16M',
      '--skip-name-resolve',
      ...(this.asRoot ? ['--user=mysql'] : []),
    ];
    this.proc = spawn(find(SERVER)!, args, { stdio: 'ignore' });
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      if (this.proc.exitCode !== null) break;
      if (await accepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`The private MariaDB did not start on port ${this.port}.\n${this.logTail()}`);
  }

  /** Statements as root (no password over TCP on loopback), for set-up outside the code under test. */
  async admin(statements: string[]): Promise<void> {
    const c = await mysql.createConnection({ host: this.host, port: this.port, user: 'root' });
    try {
      for (const s of statements) await c.query(s);
    } finally {
      await c.end();
    }
  }

  logTail(lines = 15): string {
    const file = join(this.root, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
  }

  /** At process exit: kill the server this object started and remove its folder. */
  destroySync(): void {
    if (this.proc && this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.proc = null;
    rmSync(this.root, { recursive: true, force: true });
    live.delete(this);
  }

  /** Stop the server this object started (by its handle), wait for it to exit, remove its folder. Safe to call twice. */
  async destroy(): Promise<void> {
    const proc = this.proc;
    if (proc && proc.exitCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.destroySync();
  }
}
