// Runs in its own process (node --expose-gc): opens 10 pools x 20 connections, or the same number
// of raw driver connections, and prints the memory it added as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2';
import Database from 'better-sqlite3';
import { driverFor } from '../src-main/core/drivers';
import { parseProfile, type ProfileData } from '../src-main/shared/profile';
import { QueuePool } from '../src-main/core/pools/queue-pool';
import { PoolRecorder } from '../src-main/core/pools/recorder';
import { systemClock } from '../src-main/core/pools/clock';
import { mysqlTarget, pgTarget } from '../test/servers';

const mode = process.argv[2] as 'poolscope' | 'raw';
const PER_POOL = 20;
// PostgreSQL allows 100 connections here and MariaDB 151: 3 + 5 pools on the servers, 2 on SQLite.
const LAYOUT = { postgresql: 3, mariadb: 5, sqlite: 2 };

const gc = (globalThis as { gc?: () => void }).gc!;
async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
  return process.memoryUsage();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-mem-'));
  const sqliteFile = join(dir, 'bench.sqlite');
  new Database(sqliteFile).close();
  const pgT = pgTarget();
  const myT = mysqlTarget();
  const profiles: Record<string, { profile: ProfileData; password?: string }> = {
    postgresql: { profile: parseProfile({ name: 'm', backend: 'postgresql', host: pgT.host, port: pgT.port, user: pgT.user, database: pgT.database, tls: { mode: 'disable' } }), password: pgT.password },
    mariadb: { profile: parseProfile({ name: 'm', backend: 'mariadb', host: myT.host, port: myT.port, user: myT.user, database: myT.database, tls: { mode: 'disable' } }), password: myT.password },
    sqlite: { profile: parseProfile({ name: 'm', backend: 'sqlite', database: sqliteFile }) },
  };
  const before = await settle();
  const closers: Array<() => Promise<void>> = [];
  let opened = 0;
  for (const [backend, count] of Object.entries(LAYOUT)) {
    for (let p = 0; p < count; p++) {
      const { profile, password } = profiles[backend]!;
      if (mode === 'poolscope') {
        const driver = driverFor(profile.backend);
        const pool = new QueuePool(
          { poolSize: PER_POOL, maxOverflow: 0, timeout: 30, recycle: -1, prePing: true, useLifo: false, resetOnReturn: 'rollback' },
          { clock: systemClock, instrument: new PoolRecorder(), isDisconnect: driver.isDisconnect, creator: () => driver.connect({ profile, password }) },
        );
        const conns = await Promise.all(Array.from({ length: PER_POOL }, () => pool.checkout()));
        for (const c of conns) await c.query('SELECT 1');
        for (const c of conns) await c.release();
        opened += conns.length;
        closers.push(() => pool.terminate());
      } else if (backend === 'postgresql') {
        const clients = await Promise.all(Array.from({ length: PER_POOL }, async () => {
          const c = new pg.Client({ ...pgT });
          c.on('error', () => undefined);
          await c.connect();
          await c.query('SELECT 1');
          return c;
        }));
        opened += clients.length;
        closers.push(async () => void (await Promise.all(clients.map((c) => c.end()))));
      } else if (backend === 'mariadb') {
        const conns = await Promise.all(Array.from({ length: PER_POOL }, () => new Promise<mysql.Connection>((res, rej) => {
          const c = mysql.createConnection({ ...myT, charset: 'utf8mb4' });
          c.on('error', () => undefined);
          c.query('SELECT 1', (e) => (e ? rej(e) : res(c)));
        })));
        opened += conns.length;
        closers.push(async () => conns.forEach((c) => c.destroy()));
      } else {
        const dbs = Array.from({ length: PER_POOL }, () => new Database(sqliteFile));
        for (const d of dbs) d.prepare('SELECT 1').all();
        opened += dbs.length;
        closers.push(async () => dbs.forEach((d) => d.close()));
      }
    }
  }
  const after = await settle();
  for (const c of closers) await c();
  rmSync(dir, { recursive: true, force: true });
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  process.stdout.write(
    JSON.stringify({ mode, connections: opened, rssMB: mb(after.rss - before.rss), heapMB: mb(after.heapUsed - before.heapUsed), externalMB: mb(after.external - before.external) }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
