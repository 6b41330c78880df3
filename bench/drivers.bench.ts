import pg from 'pg';
import mysql from 'mysql2';
import Database from 'better-sqlite3';
import { driverFor } from '../src-main/core/drivers';
import { parseProfile } from '../src-main/shared/profile';
import { mysqlTarget, pgTarget, probeMysql, probePostgres } from '../test/servers';
import { median, percentile, type Bench, type BenchTable } from './harness';

const ROUNDS = 5;
const QUERIES = 2000;

async function timeSerial(query: () => Promise<unknown>): Promise<{ qps: number; p50: number; p99: number }> {
  const lat: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < QUERIES; i++) {
    const s = process.hrtime.bigint();
    await query();
    lat.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  return { qps: QUERIES / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/** Interleaved rounds (raw, adapter, raw, adapter ...) so drift on a shared machine hits both sides alike. */
async function compare(raw: () => Promise<unknown>, adapter: () => Promise<unknown>) {
  const r: Array<{ qps: number; p50: number; p99: number }> = [];
  const a: typeof r = [];
  await timeSerial(raw);
  await timeSerial(adapter);
  for (let i = 0; i < ROUNDS; i++) {
    r.push(await timeSerial(raw));
    a.push(await timeSerial(adapter));
  }
  const pick = (xs: typeof r) => ({ qps: median(xs.map((x) => x.qps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) });
  return { raw: pick(r), adapter: pick(a) };
}

export const driversBench: Bench = {
  name: 'drivers',
  description: 'SELECT 1 over one connection: Poolscope driver adapter vs the raw driver',
  async run() {
    const rows: BenchTable['rows'] = [];
    const data: Record<string, unknown> = {};
    const verdicts: NonNullable<BenchTable['verdicts']> = [];

    const sqliteRaw = new Database(':memory:');
    const rawStmt = sqliteRaw.prepare('SELECT 1');
    const sqliteAdapter = await driverFor('sqlite').connect({ profile: parseProfile({ name: 'b', backend: 'sqlite', database: ':memory:' }) });
    data.sqlite = await compare(async () => rawStmt.all(), () => sqliteAdapter.query('SELECT 1'));
    await sqliteAdapter.close();
    sqliteRaw.close();

    if (!(await probePostgres())) {
      const t = pgTarget();
      const raw = new pg.Client({ ...t });
      await raw.connect();
      const adapter = await driverFor('postgresql').connect({ profile: parseProfile({ name: 'b', backend: 'postgresql', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' } }), password: t.password });
      data.postgresql = await compare(() => raw.query('SELECT 1'), () => adapter.query('SELECT 1'));
      await adapter.close();
      await raw.end();
    } else process.stdout.write('PostgreSQL unreachable: skipped in this benchmark.\n');

    if (!(await probeMysql())) {
      const t = mysqlTarget();
      const raw = mysql.createConnection({ ...t });
      const rawQuery = () => new Promise((res, rej) => raw.query('SELECT 1', (e, r) => (e ? rej(e) : res(r))));
      const adapter = await driverFor('mariadb').connect({ profile: parseProfile({ name: 'b', backend: 'mariadb', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' } }), password: t.password });
      data.mariadb = await compare(rawQuery, () => adapter.query('SELECT 1'));
      await adapter.close();
      raw.end();
    } else process.stdout.write('MariaDB unreachable: skipped in this benchmark.\n');

    for (const [backend, v] of Object.entries(data) as Array<[string, Awaited<ReturnType<typeof compare>>]>) {
      const ratio = v.adapter.qps / v.raw.qps;
      rows.push([backend, v.raw.qps, v.adapter.qps, ratio, v.raw.p99 * 1000, v.adapter.p99 * 1000]);
      verdicts.push({ target: `${backend} adapter throughput >= 0.95x raw`, ok: ratio >= 0.95, detail: `${ratio.toFixed(3)}x` });
    }
    return {
      name: 'drivers',
      tables: [{ title: `SELECT 1, one connection, serial, median of ${ROUNDS} interleaved rounds of ${QUERIES}`, columns: ['backend', 'raw q/s', 'adapter q/s', 'ratio', 'raw p99 µs', 'adapter p99 µs'], rows, verdicts }],
      data,
    };
  },
};
