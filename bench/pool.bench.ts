import pg from 'pg';
import mysql from 'mysql2';
import Database from 'better-sqlite3';
import { driverFor } from '../src-main/core/drivers';
import { parseProfile, type ProfileData } from '../src-main/shared/profile';
import { QueuePool } from '../src-main/core/pools/queue-pool';
import { PoolRecorder } from '../src-main/core/pools/recorder';
import { NO_INSTRUMENT } from '../src-main/core/pools/instrument';
import { systemClock } from '../src-main/core/pools/clock';
import { mysqlTarget, pgTarget, probeMysql, probePostgres } from '../test/servers';
import { iqr, median, percentile, type Bench, type BenchTable } from './harness';

const POOL = 10;
const CONCURRENCY = (process.env.BENCH_POOL_CONC ?? '1,8,64').split(',').map(Number);
/** BENCH_POOL_BACKENDS=sqlite,mariadb runs only those (for working on one backend). */
const ONLY = process.env.BENCH_POOL_BACKENDS?.split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const MEASURE_MS = Number(process.env.BENCH_MS ?? 1500);

interface Variant {
  name: 'raw' | 'raw-sync' | 'floor-pool' | 'poolscope' | 'poolscope-no-metrics';
  op: () => Promise<void>;
  close(): Promise<void>;
}

/** Runs `concurrency` workers doing op() back to back for MEASURE_MS; latency of every op is kept. */
async function drive(concurrency: number, op: () => Promise<void>): Promise<{ qps: number; p50: number; p99: number }> {
  const lat: number[] = [];
  const end = performance.now() + MEASURE_MS;
  const worker = async () => {
    while (performance.now() < end) {
      const s = performance.now();
      await op();
      lat.push(performance.now() - s);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { qps: lat.length / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

function ourPool(profile: ProfileData, password: string | undefined, metrics: boolean) {
  const driver = driverFor(profile.backend);
  const pool = new QueuePool(
    { poolSize: POOL, maxOverflow: 0, timeout: 30, recycle: -1, prePing: false, useLifo: false, resetOnReturn: 'rollback' },
    { clock: systemClock, instrument: metrics ? new PoolRecorder() : NO_INSTRUMENT, isDisconnect: driver.isDisconnect, creator: () => driver.connect({ profile, password }) },
  );
  return {
    op: async () => {
      const c = await pool.checkout();
      await c.query('SELECT 1');
      c.release();
    },
    close: () => pool.terminate(),
  };
}

function variantsFor(backend: 'postgresql' | 'mariadb' | 'sqlite'): Variant[] {
  if (backend === 'postgresql') {
    const t = pgTarget();
    const raw = new pg.Pool({ ...t, max: POOL });
    raw.on('error', () => undefined);
    const profile = parseProfile({ name: 'b', backend: 'postgresql', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' } });
    return [
      {
        name: 'raw',
        op: async () => {
          const c = await raw.connect();
          await c.query('SELECT 1');
          c.release();
        },
        close: () => raw.end(),
      },
      { name: 'poolscope', ...ourPool(profile, t.password, true) },
      { name: 'poolscope-no-metrics', ...ourPool(profile, t.password, false) },
    ];
  }
  if (backend === 'mariadb') {
    const t = mysqlTarget();
    const raw = mysql.createPool({ ...t, connectionLimit: POOL, charset: 'utf8mb4', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
    const profile = parseProfile({ name: 'b', backend: 'mariadb', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' } });
    return [
      {
        name: 'raw',
        op: () =>
          new Promise<void>((resolve, reject) =>
            raw.getConnection((err, c) => {
              if (err) return reject(err);
              c.query('SELECT 1', (qe) => {
                c.release();
                if (qe) reject(qe);
                else resolve();
              });
            }),
          ),
        close: () => new Promise<void>((r) => raw.end(() => r())),
      },
      { name: 'poolscope', ...ourPool(profile, t.password, true) },
      { name: 'poolscope-no-metrics', ...ourPool(profile, t.password, false) },
    ];
  }
  // better-sqlite3 is synchronous. Two baselines: `raw` is the one every async pool pays at least (the
  // query behind one await, as an async driver delivers it); `raw-sync` calls it with no await at all
  // and is printed for reference only (no async pool can match a plain function call).
  const db = new Database(':memory:');
  const stmt = db.prepare('SELECT 1');
  const profile = parseProfile({ name: 'b', backend: 'sqlite', database: ':memory:' });
  const oneAwait = async () => stmt.all();
  return [
    {
      name: 'raw',
      op: async () => {
        await oneAwait();
      },
      close: async () => {
        db.close();
      },
    },
    {
      name: 'raw-sync',
      op: () => {
        stmt.all();
        return DONE;
      },
      close: async () => undefined,
    },
    { name: 'floor-pool', ...floorPool(() => oneAwait()) },
    { name: 'poolscope', ...ourPool(profile, undefined, true) },
    { name: 'poolscope-no-metrics', ...ourPool(profile, undefined, false) },
  ];
}

const DONE: Promise<void> = Promise.resolve();

/**
 * For reference only: the least a pool whose checkout is awaited can do over better-sqlite3 —
 * POOL handles in an array, a checkout that is a settled promise when one is free and a FIFO of
 * waiters when none is, the query behind one await, the handle pushed back. No timeout, no
 * overflow, no reset, no recycle, no metrics, no events: none of SQLAlchemy's semantics.
 */
function floorPool(query: () => Promise<unknown>): Pick<Variant, 'op' | 'close'> {
  const free: number[] = Array.from({ length: POOL }, (_, i) => i);
  const waiters: Array<(h: number) => void> = [];
  const take = (): Promise<number> => (free.length ? Promise.resolve(free.pop()!) : new Promise((r) => waiters.push(r)));
  const give = (h: number) => {
    const w = waiters.shift();
    if (w) w(h);
    else free.push(h);
  };
  return {
    op: async () => {
      const h = await take();
      await query();
      give(h);
    },
    close: async () => undefined,
  };
}

type Figures = { qps: number; p50: number; p99: number };

export const poolBench: Bench = {
  name: 'pool',
  description: `SELECT 1 through a pool of ${POOL} at concurrency ${CONCURRENCY.join(', ')}: Poolscope's QueuePool vs pg.Pool, mysql2's pool and better-sqlite3 directly`,
  async run() {
    const backends: Array<'postgresql' | 'mariadb' | 'sqlite'> = [];
    const wanted = (b: string) => !ONLY || ONLY.includes(b);
    if (wanted('postgresql')) {
      if (!(await probePostgres())) backends.push('postgresql');
      else process.stdout.write('PostgreSQL unreachable: skipped.\n');
    }
    if (wanted('mariadb')) {
      if (!(await probeMysql())) backends.push('mariadb');
      else process.stdout.write('MariaDB unreachable: skipped.\n');
    }
    if (wanted('sqlite')) backends.push('sqlite');

    const rows: BenchTable['rows'] = [];
    const verdicts: NonNullable<BenchTable['verdicts']> = [];
    const data: Record<string, Record<number, Record<string, Figures>>> = {};
    for (const backend of backends) {
      data[backend] = {};
      for (const concurrency of CONCURRENCY) {
        const variants = variantsFor(backend);
        const samples: Record<string, Figures[]> = {};
        // Warm up every variant (connections opened), then interleave rounds so drift hits all alike.
        for (const v of variants) await drive(concurrency, v.op);
        for (let r = 0; r < ROUNDS; r++) {
          const order = r % 2 === 0 ? variants : [...variants].reverse();
          for (const v of order) (samples[v.name] ??= []).push(await drive(concurrency, v.op));
        }
        for (const v of variants) await v.close();
        const pick = (name: string): Figures => {
          const xs = samples[name]!;
          return { qps: median(xs.map((x) => x.qps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) };
        };
        const raw = pick('raw');
        const ours = pick('poolscope');
        const bare = pick('poolscope-no-metrics');
        const sync = samples['raw-sync'] ? pick('raw-sync') : null;
        const floor = samples['floor-pool'] ? pick('floor-pool') : null;
        data[backend]![concurrency] = { raw, poolscope: ours, 'poolscope-no-metrics': bare, ...(sync ? { 'raw-sync': sync } : {}), ...(floor ? { 'floor-pool': floor } : {}) };
        const ratio = ours.qps / raw.qps;
        const p99Ratio = ours.p99 / raw.p99;
        // Metrics cost per round (the two variants ran back to back in it), so drift cancels; the
        // spread (interquartile range of the rounds) is printed beside the median.
        const costs = samples['poolscope']!.map((o, i) => 1 - o.qps / samples['poolscope-no-metrics']![i]!.qps);
        const metricsCost = median(costs);
        const spread = iqr(costs);
        const sqlite = backend === 'sqlite';
        const minRatio = sqlite ? 0.9 : 0.95;
        const maxP99 = sqlite ? 1.5 : 1.1;
        rows.push([backend, concurrency, raw.qps, ours.qps, bare.qps, ratio, raw.p99 * 1000, ours.p99 * 1000, p99Ratio, metricsCost * 100, spread * 100, sync ? sync.qps : '', floor ? floor.qps : '', floor ? ours.qps / floor.qps : '']);
        verdicts.push({ target: `${backend} c=${concurrency}: throughput >= ${minRatio}x raw`, ok: ratio >= minRatio, detail: `${ratio.toFixed(3)}x` });
        verdicts.push({ target: `${backend} c=${concurrency}: p99 <= ${maxP99}x raw`, ok: p99Ratio <= maxP99, detail: `${p99Ratio.toFixed(3)}x` });
        verdicts.push({
          target: `${backend} c=${concurrency}: metrics cost <= 2% (spread below the target)`,
          ok: metricsCost <= 0.02 && spread < 0.02,
          detail: `${(metricsCost * 100).toFixed(2)}% ± ${(spread * 100).toFixed(2)} (IQR of ${costs.length} rounds)`,
        });
      }
    }
    return {
      name: 'pool',
      tables: [
        {
          title: `SELECT 1, pool of ${POOL}, median of ${ROUNDS} interleaved rounds of ${MEASURE_MS} ms (latency = checkout + query; SQLite raw = better-sqlite3 behind one await; for reference the synchronous call and a minimal awaited-checkout pool with none of SQLAlchemy's semantics)`,
          columns: ['backend', 'conc', 'raw q/s', 'ours q/s', 'ours no-metrics q/s', 'ratio', 'raw p99 µs', 'ours p99 µs', 'p99 ratio', 'metrics cost %', 'cost IQR %', 'sqlite sync q/s', 'sqlite floor-pool q/s', 'ours / floor-pool'],
          rows,
          verdicts,
        },
      ],
      data,
    };
  },
};
