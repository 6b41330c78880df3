import pg from 'pg';
import mysql from 'mysql2/promise';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { driverFor, type DriverConnection } from '../src-main/core/drivers';
import { introspectorFor } from '../src-main/core/introspect';
import { buildReport } from '../src-main/core/introspect/run';
import { parseProfile, type ProfileData } from '../src-main/shared/profile';
import type { BackendFamily } from '../src-main/shared/backends';
import { mysqlTarget, pgTarget, probeMysql, probePostgres, tempMysqlDatabase, tempPgDatabase } from '../test/servers';
import { tempDir } from '../test/tmp';
import { spawnSync } from 'node:child_process';
import { ensurePythonEnv } from '../test/python-env';
import { median, type Bench, type BenchTable } from './harness';

/**
 * 1,000 tables x 20 columns (keys, a foreign key and an index per table, a CHECK-based enum) in
 * throwaway databases, introspected and mapped. Introspection and mapping are timed apart; a naive
 * per-table reflection (three catalog round trips per table, as per-table inspectors do) runs in the
 * same process for comparison.
 */
const TABLES = 1000;
const ROUNDS = 3;
const TARGET_MS = 1500;

const PG_COLS = (t: number) => [
  'id bigserial PRIMARY KEY',
  t > 0 ? `parent_id bigint REFERENCES t${t - 1} (id)` : 'parent_id bigint',
  'name varchar(50) NOT NULL', 'body text', 'qty integer NOT NULL DEFAULT 0', 'price numeric(10,2)', 'created_at timestamptz NOT NULL DEFAULT now()',
  'flag boolean', 'doc jsonb', 'uid uuid', 'day date', 'note varchar', 'score double precision', 'small smallint', 'raw bytea',
  'ts timestamp', 'tags text[]', 'ip inet', 'code char(3)', "status varchar(10) CHECK (status IN ('new', 'done'))",
];
const MY_COLS = (t: number) => [
  'id bigint AUTO_INCREMENT PRIMARY KEY', 'parent_id bigint', 'name varchar(50) NOT NULL', 'body text', 'qty int NOT NULL DEFAULT 0', 'price decimal(10,2)',
  'created_at datetime(6)', 'flag tinyint(1)', 'doc json', 'uid char(36)', 'day date', 'note varchar(255)', 'score double', 'small smallint',
  'raw blob', 'ts timestamp NULL', 'tags longtext', 'u int unsigned', 'code char(3)', "status varchar(10) CHECK (status IN ('new', 'done'))",
  `KEY ix_t${t}_name (name)`, ...(t > 0 ? [`CONSTRAINT fk_t${t} FOREIGN KEY (parent_id) REFERENCES t${t - 1} (id)`] : []),
];
const LITE_COLS = (t: number) => [
  'id INTEGER PRIMARY KEY', t > 0 ? `parent_id INTEGER REFERENCES t${t - 1} (id)` : 'parent_id INTEGER', 'name VARCHAR(50) NOT NULL', 'body TEXT', 'qty INTEGER NOT NULL DEFAULT 0',
  'price NUMERIC(10, 2)', 'created_at TIMESTAMP WITH TIME ZONE', 'flag BOOLEAN', 'doc JSON', 'uid UUID', 'day DATE', 'note VARCHAR', 'score DOUBLE', 'small SMALLINT',
  'raw BLOB', 'ts DATETIME', 'tags JSON', 'ip VARCHAR(45)', 'code CHAR(3)', "status VARCHAR(10) CHECK (status IN ('new', 'done'))",
];

/** The naive way: per table, a columns query, a constraints query and an indexes query. */
const NAIVE: Record<BackendFamily, (conn: DriverConnection, tables: string[]) => Promise<void>> = {
  async postgresql(conn, tables) {
    for (const t of tables) {
      await conn.query("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped", [t]);
      await conn.query('SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass', [t]);
      await conn.query('SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = $1::regclass', [t]);
    }
  },
  async mysql(conn, tables) {
    // SQLAlchemy's MySQL reflection parses SHOW CREATE TABLE, one table at a time.
    for (const t of tables) {
      await conn.query(`SHOW CREATE TABLE \`${t}\``);
      await conn.query('SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [t]);
      await conn.query('SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [t]);
    }
  },
  async sqlite(conn, tables) {
    for (const t of tables) {
      await conn.query(`SELECT * FROM pragma_table_xinfo('${t}')`);
      await conn.query(`SELECT * FROM pragma_foreign_key_list('${t}')`);
      await conn.query(`SELECT * FROM pragma_index_list('${t}')`);
    }
  },
};

interface Figures {
  tables: number;
  columns: number;
  introspectMs: number;
  mapMs: number;
  totalMs: number;
  naiveIntrospectMs: number;
  setupMs: number;
  /** Real SQLAlchemy 2.0's MetaData.reflect() on the same database (median), or why it could not run. */
  sqlalchemyMs: number | null;
  sqlalchemyNote: string;
}

/**
 * SQLAlchemy's side, timed in the same run through the pinned test Python environment: an AsyncEngine
 * on the async driver a service would use, `MetaData.reflect()` through `run_sync` (reflection only;
 * the connection is opened before the clock starts), median of ROUNDS after a warm-up.
 */
const REFLECT = `
import asyncio, json, sys, time, warnings
warnings.simplefilter("ignore")
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine
async def main(url, rounds):
    engine = create_async_engine(url)
    times = []
    async with engine.connect() as conn:
        for i in range(rounds + 1):
            md = MetaData()
            t0 = time.perf_counter()
            await conn.run_sync(md.reflect)
            t1 = time.perf_counter()
            if i > 0:
                times.append((t1 - t0) * 1000)
            n = len(md.tables)
    await engine.dispose()
    times.sort()
    print(json.dumps({"ms": times[len(times) // 2], "tables": n}))
asyncio.run(main(sys.argv[1], int(sys.argv[2])))
`;

function sqlalchemyReflect(url: string): { ms: number | null; note: string } {
  const env = ensurePythonEnv();
  if (!env.python) return { ms: null, note: `SQLAlchemy not timed: ${env.reason}` };
  const r = spawnSync(env.python, ['-c', REFLECT, url, String(ROUNDS)], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { ms: null, note: `SQLAlchemy failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  const out = JSON.parse(r.stdout) as { ms: number; tables: number };
  return { ms: out.ms, note: `${out.tables} tables reflected` };
}

async function measure(family: BackendFamily, profile: ProfileData, password: string | undefined, setupMs: number, sqlalchemyUrl: string): Promise<Figures> {
  const connect = () => driverFor(profile.backend).connect({ profile, ...(password ? { password } : {}) });
  const conn = await connect();
  // The second session the MySQL/MariaDB introspector opens (as `poolscope types` does) is opened
  // and closed inside the timed introspection.
  const opts = family === 'mysql' ? { openSession: connect } : {};
  try {
    const intro: number[] = [];
    const map: number[] = [];
    const naive: number[] = [];
    let columns = 0;
    let tables: string[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const t0 = performance.now();
      const schema = await introspectorFor(family).introspect(conn, opts);
      const t1 = performance.now();
      const report = buildReport(schema, 'bench', t1 - t0, t1);
      const t2 = performance.now();
      tables = schema.tables.map((t) => t.name);
      columns = report.summary.columns;
      const t3 = performance.now();
      await NAIVE[family](conn, tables);
      const t4 = performance.now();
      // Round 0 warms caches and the JIT; it is not counted.
      if (round === 0) continue;
      intro.push(t1 - t0);
      map.push(t2 - t1);
      naive.push(t4 - t3);
    }
    const introspectMs = median(intro);
    const mapMs = median(map);
    const sa = sqlalchemyReflect(sqlalchemyUrl);
    return { tables: tables.length, columns, introspectMs, mapMs, totalMs: introspectMs + mapMs, naiveIntrospectMs: median(naive), setupMs, sqlalchemyMs: sa.ms, sqlalchemyNote: sa.note };
  } finally {
    await conn.close();
  }
}

async function sqliteFigures(): Promise<Figures> {
  const dir = tempDir('poolscope-bench-');
  try {
    const file = join(dir.path, 'bench.sqlite');
    const t0 = performance.now();
    const db = new Database(file);
    db.exec('BEGIN');
    for (let t = 0; t < TABLES; t++) {
      db.exec(`CREATE TABLE t${t} (${LITE_COLS(t).join(', ')})`);
      db.exec(`CREATE INDEX ix_t${t}_name ON t${t} (name)`);
    }
    db.exec('COMMIT');
    db.close();
    return await measure('sqlite', parseProfile({ name: 'bench', backend: 'sqlite', database: file }), undefined, performance.now() - t0, `sqlite+aiosqlite:///${file}`);
  } finally {
    dir.cleanup();
  }
}

async function pgFigures(): Promise<Figures> {
  const db = await tempPgDatabase();
  try {
    const t0 = performance.now();
    const c = new pg.Client({ ...pgTarget(), database: db.name });
    await c.connect();
    const ddl: string[] = [];
    for (let t = 0; t < TABLES; t++) ddl.push(`CREATE TABLE t${t} (${PG_COLS(t).join(', ')}); CREATE INDEX ix_t${t}_name ON t${t} (name);`);
    for (let i = 0; i < ddl.length; i += 100) await c.query(ddl.slice(i, i + 100).join('\n'));
    await c.end();
    const t = pgTarget();
    const cred = `${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}`;
    return await measure('postgresql', parseProfile({ name: 'bench', backend: 'postgresql', host: t.host, port: t.port, user: t.user, database: db.name, tls: { mode: 'disable' } }), t.password, performance.now() - t0, `postgresql+asyncpg://${cred}@${t.host}:${t.port}/${db.name}`);
  } finally {
    await db.drop();
  }
}

async function mysqlFigures(): Promise<Figures> {
  const db = await tempMysqlDatabase();
  try {
    const t0 = performance.now();
    const c = await mysql.createConnection({ ...mysqlTarget(), database: db.name, multipleStatements: true });
    const ddl: string[] = [];
    for (let t = 0; t < TABLES; t++) ddl.push(`CREATE TABLE t${t} (${MY_COLS(t).join(', ')});`);
    for (let i = 0; i < ddl.length; i += 50) await c.query(ddl.slice(i, i + 50).join('\n'));
    await c.end();
    const t = mysqlTarget();
    const cred = `${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}`;
    return await measure('mysql', parseProfile({ name: 'bench', backend: 'mariadb', host: t.host, port: t.port, user: t.user, database: db.name, tls: { mode: 'disable' } }), t.password, performance.now() - t0, `mysql+aiomysql://${cred}@${t.host}:${t.port}/${db.name}`);
  } finally {
    await db.drop();
  }
}

export const typemapBench: Bench = {
  name: 'typemap',
  description: `introspect and map ${TABLES} tables x 20 columns on each backend (target: at most ${TARGET_MS} ms each)`,
  async run() {
    const data: Record<string, Figures> = {};
    data.sqlite = await sqliteFigures();
    if (!(await probePostgres())) data.postgresql = await pgFigures();
    else process.stdout.write('PostgreSQL unreachable: skipped in this benchmark.\n');
    if (!(await probeMysql())) data.mariadb = await mysqlFigures();
    else process.stdout.write('MariaDB unreachable: skipped in this benchmark.\n');
    const rows: BenchTable['rows'] = [];
    const verdicts: NonNullable<BenchTable['verdicts']> = [];
    for (const [backend, f] of Object.entries(data)) {
      const speedup = f.sqlalchemyMs === null ? null : f.sqlalchemyMs / f.totalMs;
      rows.push([backend, f.tables, f.columns, f.introspectMs, f.mapMs, f.totalMs, f.totalMs <= TARGET_MS ? 'PASS' : 'MISS', f.naiveIntrospectMs, f.sqlalchemyMs ?? 'n/a', speedup ?? 'n/a', f.setupMs / 1000]);
      verdicts.push({ target: `${backend}: introspect + map <= ${TARGET_MS} ms`, ok: f.totalMs <= TARGET_MS, detail: `${Math.round(f.totalMs)} ms (introspection ${Math.round(f.introspectMs)}, mapping ${Math.round(f.mapMs)})` });
      verdicts.push({
        target: `${backend}: introspect + map >= 10x faster than SQLAlchemy's MetaData.reflect()`,
        ok: speedup !== null && speedup >= 10,
        detail: speedup === null ? f.sqlalchemyNote : `${speedup.toFixed(1)}x (SQLAlchemy ${Math.round(f.sqlalchemyMs!)} ms, ${f.sqlalchemyNote})`,
      });
    }
    return {
      name: 'typemap',
      tables: [
        {
          title: `${TABLES} tables x 20 columns, median of ${ROUNDS} rounds after a warm-up (naive = 3 catalog queries per table)`,
          columns: ['backend', 'tables', 'columns', 'introspect ms', 'map ms', 'total ms', `<= ${TARGET_MS} ms`, 'naive introspect ms', 'SQLAlchemy reflect ms', 'speedup', 'setup s'],
          rows,
          verdicts,
        },
      ],
      data,
    };
  },
};
