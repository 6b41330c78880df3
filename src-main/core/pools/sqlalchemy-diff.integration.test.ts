import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseProfile, type ProfileData } from '../../shared/profile';
import { parseUrl } from '../../shared/url';
import { runOnPoolscope, runOnSqlAlchemy, type Scenario, type Step, type Trace } from '../../../test/pool-trace';
import { sqlalchemyMissing } from '../../../test/sqlalchemy';
import { serverMissing } from '../../../test/requires';
import { mysqlAdmin, mysqlPassword, mysqlProfile, mysqlTarget, pgAdmin, pgPassword, pgProfile, pgTarget, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { tempDir } from '../../../test/tmp';

/**
 * Differential tests (issue 12): each scenario runs through real SQLAlchemy 2.0 (the pinned Python
 * env, create_async_engine with asyncpg, aiomysql, aiosqlite) and through Poolscope's pools over
 * real PostgreSQL, MariaDB and SQLite; the traces (pool events in order, errors by class and
 * message, rows seen) must be equal, and the time a timed-out checkout took must agree within
 * a tolerance.
 */
const MISSING = sqlalchemyMissing();
const title = (what: string) => (MISSING ? `${what} (SKIPPED: ${MISSING})` : what);

interface Backend {
  name: string;
  url: () => string;
  password: () => string | undefined;
  profile: () => ProfileData;
  /** SQL that counts rows of table t as a plain integer on every side. */
  count: string;
  skip: string | null;
}

async function both(b: Backend, s: Omit<Scenario, 'url' | 'password'>): Promise<{ sa: Trace; ps: Trace }> {
  const sa = runOnSqlAlchemy({ ...s, url: b.url(), password: b.password() });
  const ps = await runOnPoolscope({ ...s, url: b.url() }, b.profile(), b.password());
  return { sa, ps };
}

const pg = { db: '' };
const my = { db: '' };
const sqlite = { dir: null as ReturnType<typeof tempDir> | null, file: '' };

const BACKENDS: Backend[] = [
  {
    name: 'PostgreSQL (asyncpg)',
    url: () => `postgresql+asyncpg://${encodeURIComponent(pgTarget().user)}@${pgTarget().host}:${pgTarget().port}/${pg.db}`,
    password: pgPassword,
    profile: () => pgProfile({ database: pg.db }),
    count: 'SELECT count(*)::int FROM t',
    skip: serverMissing('postgres'),
  },
  {
    name: 'MariaDB (aiomysql)',
    url: () => `mysql+aiomysql://${encodeURIComponent(mysqlTarget().user)}@${mysqlTarget().host}:${mysqlTarget().port}/${my.db}`,
    password: mysqlPassword,
    profile: () => mysqlProfile({ database: my.db }),
    count: 'SELECT count(*) FROM t',
    skip: serverMissing('mysql'),
  },
  {
    name: 'SQLite file (aiosqlite)',
    url: () => `sqlite+aiosqlite:///${sqlite.file}`,
    password: () => undefined,
    profile: () => parseProfile({ name: 'sqlite-test', backend: 'sqlite', database: sqlite.file }),
    count: 'SELECT count(*) FROM t',
    skip: null,
  },
];

beforeAll(async () => {
  if (MISSING) return;
  if (!serverMissing('postgres')) {
    const d = await tempPgDatabase();
    pg.db = d.name;
    cleanups.push(d.drop);
    const a = await pgAdmin();
    await a.end();
    const { Client } = await import('pg');
    const c = new Client({ host: pgTarget().host, port: pgTarget().port, user: pgTarget().user, password: pgPassword(), database: d.name });
    await c.connect();
    await c.query('CREATE TABLE t (x int)');
    await c.end();
  }
  if (!serverMissing('mysql')) {
    const d = await tempMysqlDatabase();
    my.db = d.name;
    cleanups.push(d.drop);
    const a = await mysqlAdmin();
    await a.query(`CREATE TABLE ${d.name}.t (x int) ENGINE=InnoDB`);
    await a.end();
  }
  sqlite.dir = tempDir('poolscope-diff-');
  sqlite.file = join(sqlite.dir.path, 'diff.db');
  const db = new Database(sqlite.file);
  db.exec('CREATE TABLE t (x int)');
  db.close();
});
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  sqlite.dir?.cleanup();
});

/** check: what SQLAlchemy's own trace must show, so an equal trace cannot be equally empty of the behaviour under test. */
const SCENARIOS: Array<{ name: string; kw: Scenario['kw']; poolclass?: Scenario['poolclass']; steps: (b: Backend) => Step[]; timing?: boolean; check?: (sa: Trace) => void }> = [
  {
    name: 'overflow used up, then a checkout waits pool_timeout and fails; a return hands the connection on',
    kw: { pool_size: 2, max_overflow: 1, pool_timeout: 0.3 },
    steps: () => [['out', 'a'], ['out', 'b'], ['out', 'c'], ['status'], ['out', 'd'], ['in', 'c'], ['status'], ['in', 'a'], ['out', 'e'], ['status']],
    timing: true,
  },
  {
    name: 'pool_timeout=0 with overflow used up: every checkout times out, even with an idle connection in the pool',
    kw: { pool_size: 2, max_overflow: 0, pool_timeout: 0 },
    steps: () => [['out', 'a'], ['out', 'b'], ['in', 'a'], ['status'], ['out', 'c'], ['in', 'b'], ['out', 'd'], ['status']],
  },
  {
    name: 'pool_timeout=0 with overflow left: an overflow connection, no timeout',
    kw: { pool_size: 1, max_overflow: 1, pool_timeout: 0 },
    steps: () => [['out', 'a'], ['out', 'b'], ['out', 'c'], ['status']],
  },
  {
    name: 'the timeout text rounds like %0.2f: 0.125 is "0.12"',
    kw: { pool_size: 1, max_overflow: 0, pool_timeout: 0.125 },
    steps: () => [['out', 'a'], ['out', 'b']],
    timing: true,
  },
  {
    name: 'pool_size=0 means no limit (max_overflow ignored)',
    kw: { pool_size: 0, max_overflow: 0, pool_timeout: 0.2 },
    steps: () => [['out', 'a'], ['out', 'b'], ['out', 'c'], ['status'], ['in', 'a'], ['in', 'b'], ['status']],
  },
  {
    name: 'reset on return: a transaction opened with plain SQL is rolled back, the next checkout does not see its row',
    kw: { pool_size: 1, max_overflow: 0 },
    steps: (b) => [['out', 'a'], ['sql', 'a', 'BEGIN'], ['sql', 'a', 'INSERT INTO t VALUES (1)'], ['in', 'a'], ['out', 'b'], ['sql', 'b', b.count], ['in', 'b']],
  },
  {
    name: 'reset on return without an explicit BEGIN: the driver\'s autobegin (asyncpg, aiomysql with autocommit off, pysqlite before DML) puts the INSERT in a transaction, and the return rolls it back',
    kw: { pool_size: 1, max_overflow: 0 },
    steps: (b) => [['out', 'a'], ['sql', 'a', 'INSERT INTO t VALUES (2)'], ['in', 'a'], ['out', 'b'], ['sql', 'b', b.count], ['in', 'b']],
  },
  {
    name: 'pool_recycle: a connection older than pool_recycle is closed and replaced at checkout, not in the background',
    kw: { pool_size: 1, max_overflow: 0, pool_recycle: 1 },
    steps: () => [['out', 'a'], ['in', 'a'], ['out', 'b'], ['in', 'b'], ['sleep', 1200], ['out', 'c'], ['sql', 'c', 'SELECT 1'], ['in', 'c'], ['status']],
    // One connect for a and b, a close and a second connect for c.
    check: (sa) => expect(sa.trace.filter((e) => e[0] === 'connect' || e[0] === 'close').map((e) => e[0])).toEqual(['connect', 'close', 'connect', 'close']),
  },
  {
    name: 'LIFO: the newest idle connection is handed out, and dispose() closes newest first',
    kw: { pool_size: 3, max_overflow: 0, pool_use_lifo: true },
    steps: () => [['out', 'a'], ['out', 'b'], ['out', 'c'], ['in', 'a'], ['in', 'b'], ['in', 'c'], ['out', 'd'], ['in', 'd']],
  },
  {
    name: 'FIFO: the oldest idle connection is handed out, dispose() closes oldest first',
    kw: { pool_size: 3, max_overflow: 0 },
    steps: () => [['out', 'a'], ['out', 'b'], ['out', 'c'], ['in', 'a'], ['in', 'b'], ['in', 'c'], ['out', 'd'], ['in', 'd']],
  },
  {
    name: 'NullPool: a connection per checkout, reset and closed at checkin',
    kw: {},
    poolclass: 'NullPool',
    steps: () => [['out', 'a'], ['out', 'b'], ['in', 'a'], ['in', 'b'], ['out', 'c'], ['in', 'c']],
  },
  {
    name: 'StaticPool: one connection shared; one checkin event per checkout, a reset per return',
    kw: {},
    poolclass: 'StaticPool',
    steps: () => [['out', 'a'], ['out', 'b'], ['in', 'a'], ['in', 'b'], ['out', 'c'], ['in', 'c']],
  },
];

for (const b of BACKENDS) {
  describe.skipIf(MISSING ?? b.skip)(title(`pool traces equal real SQLAlchemy 2.0 on ${b.name}`), () => {
    for (const sc of SCENARIOS) {
      it(sc.name, async () => {
        const { sa, ps } = await both(b, { kw: sc.kw, poolclass: sc.poolclass, steps: sc.steps(b) });
        expect(ps.trace).toEqual(sa.trace);
        // The trace is not trivially empty: the scenario really checked out.
        expect(sa.trace.some((e) => e[0] === 'checkout')).toBe(true);
        sc.check?.(sa);
        if (sc.timing) {
          expect(ps.timings.map((t) => t[0])).toEqual(sa.timings.map((t) => t[0]));
          for (let i = 0; i < sa.timings.length; i++) expect(Math.abs(ps.timings[i]![1] - sa.timings[i]![1])).toBeLessThan(150);
        }
      });
    }
  });
}

describe.skipIf(MISSING)(title('StaticPool on in-memory SQLite (aiosqlite) equals real SQLAlchemy 2.0'), () => {
  const memory = (): Backend => ({ ...BACKENDS[2]!, url: () => 'sqlite+aiosqlite://', profile: () => parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:' }) });

  it('two concurrent first checkouts open two connections (the last one stays); later ones share it', async () => {
    const { sa, ps } = await both(memory(), { steps: [['outMany', ['a', 'b']], ['in', 'a'], ['in', 'b'], ['out', 'c'], ['out', 'd'], ['in', 'c'], ['in', 'd'], ['poolclass']] });
    expect(sa.trace.filter((e) => e[0] === 'connect')).toHaveLength(2);
    // The two concurrent connects interleave with their checkouts as thread timing has it
    // (aiosqlite connects on a thread): the same four events, in any order; then exactly the same.
    const key = (e: unknown) => JSON.stringify(e);
    expect(ps.trace.slice(0, 4).map(key).sort()).toEqual(sa.trace.slice(0, 4).map(key).sort());
    // Which of the two connections 'a' got, and so which of the two returns is the one that stays,
    // is that same thread timing. So connections are named by role: the one the later checkouts
    // share ('stays') and the other; the two returns must bring the same events for each connection,
    // in the same order per connection, and everything after them must be exactly the same.
    const byRole = (trace: unknown[][]) => {
      const after = trace.slice(4);
      const firstOut = after.findIndex((e) => e[0] === 'checkout');
      const stays = after[firstOut]?.[1];
      const named = after.map((e) => (typeof e[1] === 'number' ? [e[0], e[1] === stays ? 'stays' : 'other', ...e.slice(2)] : e));
      const returns = named.slice(0, firstOut);
      return { stays: returns.filter((e) => e[1] === 'stays'), other: returns.filter((e) => e[1] === 'other'), rest: named.slice(firstOut) };
    };
    const ours = byRole(ps.trace);
    expect(ours.rest.length).toBeGreaterThan(4);
    expect(ours).toEqual(byRole(sa.trace));
  });

  it('the database lives as long as the one connection; pysqlite\'s implicit BEGIN before an INSERT means the reset rolls the row back', async () => {
    const steps: Step[] = [['out', 'a'], ['sql', 'a', 'CREATE TABLE m (x int)'], ['sql', 'a', 'INSERT INTO m VALUES (7)'], ['in', 'a'], ['out', 'b'], ['sql', 'b', 'SELECT count(*) FROM m'], ['in', 'b']];
    const { sa, ps } = await both(memory(), { steps });
    expect(sa.trace).toContainEqual(['rows', 'b', [[0]]]);
    expect(ps.trace).toEqual(sa.trace);
  });
});

describe.skipIf(MISSING)(title('the default pool class per URL equals real SQLAlchemy 2.0'), () => {
  const dir = tempDir('poolscope-poolclass-');
  afterAll(() => dir.cleanup());
  const file = join(dir.path, 'x.db');
  writeFileSync(file, '');
  const urls = [
    'sqlite+aiosqlite://',
    'sqlite+aiosqlite:///:memory:',
    'sqlite+aiosqlite:///file:memdb1?mode=memory&cache=shared&uri=true',
    `sqlite+aiosqlite:///${file}`,
    `sqlite+aiosqlite:///${file}?mode=memory`,
    'postgresql+asyncpg://u@h/db',
    'postgresql+psycopg://u@h/db',
    'mysql+aiomysql://u@h/db',
  ];
  for (const url of urls) {
    it(url.replace(dir.path, '<tmp>'), async () => {
      const sa = runOnSqlAlchemy({ url, steps: [['poolclass']] });
      const parsed = parseUrl(url);
      const profile = parseProfile({ name: 'p', backend: parsed.backend, database: parsed.database ?? '', host: 'h', user: 'u', options: parsed.options });
      const { effectivePoolClass } = await import('./factory');
      expect([['poolclass', effectivePoolClass(profile)]]).toEqual(sa.trace);
    });
  }
});

for (const b of BACKENDS) {
  describe.skipIf(MISSING ?? b.skip)(title(`the engine layer on ${b.name} equals real SQLAlchemy 2.0`), () => {
    it('Connection.close() rolls back its own transaction before the pool\'s reset, so pool_reset_on_return="commit" never commits forgotten work', async () => {
      const steps: Step[] = [['econnect', 'a'], ['eexec', 'a', 'INSERT INTO t VALUES (5)'], ['eclose', 'a'], ['econnect', 'b'], ['eexec', 'b', b.count], ['eclose', 'b']];
      const { sa, ps } = await both(b, { kw: { pool_size: 1, max_overflow: 0, pool_reset_on_return: 'commit' }, steps });
      expect(sa.trace).toContainEqual(['rows', 'b', [[0]]]);
      expect(ps.trace).toEqual(sa.trace);
    });
  });
}

describe.skipIf(MISSING ?? serverMissing('postgres'))(title('the engine layer on PostgreSQL (asyncpg) equals real SQLAlchemy 2.0'), () => {
  it('Connection.close() after its session was killed: the rollback fails, the whole pool is invalidated, the caller gets the error; the next checkout recycles the idle connection', async () => {
    const b = BACKENDS[0]!;
    const steps: Step[] = [
      ['econnect', 'a'],
      ['econnect', 'b'],
      ['eexec', 'a', 'SELECT 1'],
      ['eexec', 'b', 'SELECT 1'],
      ['eclose', 'b'],
      ['kill', 'a'],
      ['sleep', 300],
      ['eclose', 'a'],
      ['status'],
      ['econnect', 'c'],
      ['eexec', 'c', 'SELECT 1'],
      ['eclose', 'c'],
    ];
    const { sa, ps } = await both(b, { kw: { pool_size: 2, max_overflow: 0 }, steps });
    // The error's class is the driver's (asyncpg's InterfaceError there, Poolscope's DisconnectError here); that it is raised, and where, must agree.
    const norm = (t: Trace) => t.trace.map((e) => (e[0] === 'error' ? ['error', e[1], e[2]] : e));
    expect(sa.trace).toContainEqual(expect.arrayContaining(['error', 'a', 'engine-close']));
    expect(JSON.stringify(norm(ps))).toEqual(JSON.stringify(norm(sa)));
  });

  /** Two connections used and returned, then every idle session killed on the server. */
  const usedThenKilled: Step[] = [['econnect', 'a'], ['econnect', 'b'], ['eexec', 'a', 'SELECT 1'], ['eexec', 'b', 'SELECT 1'], ['eclose', 'a'], ['eclose', 'b'], ['killIdle'], ['sleep', 300]];
  // The driver's error class differs (asyncpg's against pg's); whether an error is raised, and where, must agree.
  const norm = (t: Trace) => t.trace.map((e) => (e[0] === 'error' ? ['error', e[1], e[2]] : e));

  it('pool_pre_ping after the idle sessions were killed: the ping fails, the connection is replaced and the pool invalidated, so the next checkout replaces the other one too; no error reaches the caller', async () => {
    const steps: Step[] = [...usedThenKilled, ['econnect', 'c'], ['eexec', 'c', 'SELECT 1'], ['econnect', 'd'], ['eexec', 'd', 'SELECT 1'], ['eclose', 'c'], ['eclose', 'd'], ['status']];
    const { sa, ps } = await both(BACKENDS[0]!, { kw: { pool_size: 2, max_overflow: 0, pool_pre_ping: true }, steps });
    expect(sa.trace.some((e) => e[0] === 'error')).toBe(false);
    expect(sa.trace.filter((e) => e[0] === 'connect').length).toBeGreaterThan(2);
    expect(JSON.stringify(norm(ps))).toEqual(JSON.stringify(norm(sa)));
  });

  it('no pre-ping after the idle sessions were killed: the first query fails once with the disconnect, the pool is invalidated, the next checkout gets a fresh connection', async () => {
    const steps: Step[] = [...usedThenKilled, ['econnect', 'c'], ['eexec', 'c', 'SELECT 1'], ['eclose', 'c'], ['econnect', 'd'], ['eexec', 'd', 'SELECT 1'], ['eclose', 'd'], ['status']];
    const { sa, ps } = await both(BACKENDS[0]!, { kw: { pool_size: 2, max_overflow: 0 }, steps });
    expect(sa.trace.filter((e) => e[0] === 'error').map((e) => e.slice(1, 3))).toEqual([['c', 'engine-exec']]);
    expect(JSON.stringify(norm(ps))).toEqual(JSON.stringify(norm(sa)));
  });
});
