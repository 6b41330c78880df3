// Soak: 10 pools x 20 connections under load for two minutes (3 PostgreSQL, 5 MariaDB, 2 SQLite,
// loopback only), through the same Core, registry and load lab as the app. After closing, this
// process's sessions must be gone from both servers and its memory growth must stay under 20 MB.
// Run: npm run soak   (SOAK_SECONDS=30 for a shorter run)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { Core } from '../src-main/core/core';
import { parseProfile } from '../src-main/shared/profile';
import { scenarioSchema } from '../src-main/shared/lab-types';
import { mysqlTarget, pgTarget, probeMysql, probePostgres } from '../test/servers';
import { machine, printTable, writeResult } from './harness';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const LAYOUT = { postgresql: 3, mariadb: 5, sqlite: 2 } as const;
const PER_POOL = 20;
const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

async function memory(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc (npm run soak does).');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 250));
  }
  return process.memoryUsage();
}

async function serverSessions(tags: string[], mysqlIds: Set<string>): Promise<{ postgres: number; mariadb: number }> {
  const c = new pg.Client({ ...pgTarget() });
  await c.connect();
  const p = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ANY($1)', [tags]);
  await c.end();
  const m = await mysql.createConnection({ ...mysqlTarget() });
  const [rows] = await m.query('SELECT ID FROM information_schema.PROCESSLIST');
  await m.end();
  const live = (rows as Array<{ ID: number }>).filter((r) => mysqlIds.has(String(r.ID))).length;
  return { postgres: p.rows[0].n as number, mariadb: live };
}

async function main() {
  if ((await probePostgres()) || (await probeMysql())) throw new Error('The soak needs both PostgreSQL and MariaDB.');
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-soak-'));
  const sqliteFile = join(dir, 'soak.sqlite');
  new Database(sqliteFile).close();
  const core = new Core({ dataDir: join(dir, 'data'), mode: 'cli', seedDemo: false });
  const pgT = pgTarget();
  const myT = mysqlTarget();
  const ids: string[] = [];
  for (const [backend, count] of Object.entries(LAYOUT)) {
    for (let i = 0; i < count; i++) {
      const pool = { poolSize: PER_POOL, maxOverflow: 0, timeout: 30, prePing: true, recycle: 60 };
      const fields =
        backend === 'postgresql'
          ? { backend: 'postgresql', host: pgT.host, port: pgT.port, user: pgT.user, database: pgT.database, tls: { mode: 'disable' } }
          : backend === 'mariadb'
            ? { backend: 'mariadb', host: myT.host, port: myT.port, user: myT.user, database: myT.database, tls: { mode: 'disable' } }
            : { backend: 'sqlite', database: sqliteFile };
      ids.push(core.connections.create(parseProfile({ name: `soak ${backend} ${i}`, ...fields, pool })).id);
    }
  }
  // Warm-up: open, load and close every pool once, so the baseline already includes what the
  // process keeps after first use (allocator arenas, code); growth after that is what leaks.
  const warm = await Promise.all(ids.map((id) => core.lab.start(id, scenarioSchema.parse({ concurrency: PER_POOL + 5, durationSec: 5, query: { kind: 'select1' } }))));
  await core.lab.settle();
  void warm;
  for (const id of ids) await core.pools.close(id);
  const before = await memory();
  const started = Date.now();
  const runs = await Promise.all(
    ids.map((id) => core.lab.start(id, scenarioSchema.parse({ concurrency: PER_POOL + 5, durationSec: SECONDS, rampSec: 2, holdMs: 2, query: { kind: 'select1' } }))),
  );
  const samples: Array<{ t: number; rssMB: number; heapMB: number }> = [];
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    samples.push({ t: Math.round((Date.now() - started) / 1000), rssMB: mb(m.rss), heapMB: mb(m.heapUsed) });
  }, 5000);
  await core.lab.settle();
  clearInterval(sampler);
  const tags = ids.map((id) => core.pools.get(id)!.tag);
  const mysqlIds = new Set(ids.flatMap((id) => [...core.pools.get(id)!.recorder.sessions.values()]));
  const during = await serverSessions(tags, mysqlIds);
  const results = runs.map((r) => core.lab.get(r.runId));
  for (const id of ids) await core.pools.close(id);
  const after = await memory();
  const left = await serverSessions(tags, mysqlIds);
  await core.close();
  rmSync(dir, { recursive: true, force: true });

  const completed = results.reduce((n, r) => n + r.completed, 0);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const growth = mb(after.rss - before.rss);
  const heapGrowth = mb(after.heapUsed - before.heapUsed);
  const peak = Math.max(...samples.map((s) => s.rssMB), mb(after.rss));
  const table = {
    title: `Soak: 10 pools x ${PER_POOL} connections, ${SECONDS} s of load, on ${machine().cpu}`,
    columns: ['measure', 'value'],
    rows: [
      ['requests completed', completed],
      ['errors', errors],
      ['server sessions of the pools during load (PostgreSQL / MariaDB)', `${during.postgres} / ${during.mariadb}`],
      ['server sessions left after closing (PostgreSQL / MariaDB)', `${left.postgres} / ${left.mariadb}`],
      ['RSS after warm-up / peak / after closing (MB)', `${mb(before.rss)} / ${peak} / ${mb(after.rss)}`],
      ['RSS growth after closing (MB)', growth],
      ['JS heap growth after closing (MB)', heapGrowth],
    ],
    verdicts: [
      { target: 'sessions back at baseline on both servers', ok: left.postgres === 0 && left.mariadb === 0, detail: `${left.postgres} / ${left.mariadb} left` },
      { target: 'memory growth under 20 MB', ok: growth < 20, detail: `${growth} MB RSS, ${heapGrowth} MB heap` },
      { target: 'no errors under load', ok: errors === 0, detail: `${errors} errors in ${completed} requests` },
    ],
  };
  printTable(table);
  process.stdout.write(`  -> ${writeResult({ name: 'soak', tables: [table], data: { samples, results: results.map(({ series: _s, ...r }) => r) } })}\n`);
  if (table.verdicts.some((v) => !v.ok)) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
