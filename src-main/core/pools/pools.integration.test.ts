import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverFor } from '../drivers';
import { parseProfile, type ProfileData } from '../../shared/profile';
import { createPool, effectivePoolClass, poolOptions } from './factory';
import { PoolRecorder } from './recorder';
import { systemClock } from './clock';
import { DisconnectError, PoolTimeoutError } from './errors';
import type { BasePool } from './base-pool';
import { mysqlAdmin, mysqlProfile, pgAdmin, pgProfile, tempMysqlDatabase, tempPgDatabase, uniqueName, pgPassword, mysqlPassword } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { until } from '../../../test/until';

/** A pool over real driver connections, tagged so the server's own view can count exactly its sessions. */
function realPool(profile: ProfileData, password: string | undefined, onConnect: string[] = []) {
  const recorder = new PoolRecorder();
  const tag = uniqueName('ps_pool');
  const driver = driverFor(profile.backend);
  const pool: BasePool = createPool(effectivePoolClass(profile), poolOptions(profile), {
    clock: systemClock,
    instrument: recorder,
    isDisconnect: (e) => driver.isDisconnect(e),
    creator: async () => {
      const c = await driver.connect({ profile, password, applicationName: tag });
      for (const sql of onConnect) await c.query(sql);
      return c;
    },
  });
  return { pool, recorder, tag };
}

describe.skipIf(serverMissing('postgres'))('pools on the real PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof tempPgDatabase>>;
  const sessions = async (tag: string) => {
    const a = await pgAdmin();
    const { rows } = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [tag]);
    await a.end();
    return rows[0].n as number;
  };
  const kill = async (tag: string) => {
    const a = await pgAdmin();
    await a.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [tag]);
    await a.end();
  };
  beforeAll(async () => {
    db = await tempPgDatabase();
  });
  afterAll(async () => db?.drop());

  it('pre_ping recovers from sessions the server killed: one failed ping, older connections recycled, no error reaches the caller', async () => {
    const { pool, recorder, tag } = realPool(pgProfile({ database: db.name, pool: { prePing: true } }), pgPassword());
    const held = await Promise.all([pool.checkout(), pool.checkout(), pool.checkout()]);
    for (const c of held) await c.release();
    expect(await sessions(tag)).toBe(3);
    await kill(tag);
    await until('the driver reported the three killed sessions', () => recorder.counters.errors >= 3);
    // One after another (a service's requests usually are): only the first checkout pings and fails.
    // Concurrent checkouts would each ping, as they do in SQLAlchemy, since each took its slot before the invalidation.
    const conns = [await pool.checkout(), await pool.checkout(), await pool.checkout()];
    for (const c of conns) expect((await c.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    expect(recorder.counters.prePingFailures).toBe(1);
    expect(recorder.counters.recycles).toBe(2);
    for (const c of conns) await c.release();
    await pool.close();
    expect(await sessions(tag)).toBe(0);
  });

  it('without pre_ping the caller gets the driver\'s error once, and the pool recovers on the next checkout', async () => {
    const { pool, recorder, tag } = realPool(pgProfile({ database: db.name }), pgPassword());
    const c1 = await pool.checkout();
    await c1.release();
    await kill(tag);
    await until('the driver reported the killed session', () => recorder.counters.errors >= 1);
    const c2 = await pool.checkout();
    const err = await c2.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisconnectError);
    expect((err as Error).message).toMatch(/terminating connection due to administrator command|not queryable|Connection terminated/);
    const c3 = await pool.checkout();
    await expect(c3.query('SELECT 1')).resolves.toMatchObject({ rowCount: 1 });
    expect(recorder.counters.invalidations).toBeGreaterThanOrEqual(1);
    await c3.release();
    await pool.close();
    expect(await sessions(tag)).toBe(0);
  });

  it('under load: pool_size + max_overflow sessions at most, then SQLAlchemy\'s timeout error', async () => {
    const { pool, tag, recorder } = realPool(pgProfile({ database: db.name, pool: { poolSize: 2, maxOverflow: 1, timeout: 0.5 } }), pgPassword());
    let peak = 0;
    const watcher = setInterval(() => void sessions(tag).then((n) => (peak = Math.max(peak, n))), 100);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, async () => {
        const c = await pool.checkout();
        try {
          await c.query('SELECT pg_sleep(1.2)');
        } finally {
          await c.release();
        }
      }),
    );
    clearInterval(watcher);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures).toHaveLength(2);
    for (const f of failures) {
      expect(f.reason).toBeInstanceOf(PoolTimeoutError);
      expect((f.reason as Error).message).toBe('QueuePool limit of size 2 overflow 1 reached, connection timed out, timeout 0.50');
    }
    expect(peak).toBeLessThanOrEqual(3);
    expect(recorder.counters.timeouts).toBe(2);
    // The overflow connection was closed on checkin: pool_size remain.
    expect(await sessions(tag)).toBe(2);
    await pool.close();
    expect(await sessions(tag)).toBe(0);
  });
});

describe.skipIf(serverMissing('mysql'))('pools on the real MariaDB', () => {
  let db: Awaited<ReturnType<typeof tempMysqlDatabase>>;
  const sessions = async () => {
    const a = await mysqlAdmin();
    const [rows] = await a.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?', [db.name]);
    await a.end();
    return Number((rows as Array<{ n: number }>)[0]!.n);
  };
  beforeAll(async () => {
    db = await tempMysqlDatabase();
  });
  afterAll(async () => db?.drop());

  it('the short wait_timeout story: the server drops the idle session, the caller sees "connection lost", the pool then recovers', async () => {
    const { pool, recorder } = realPool(mysqlProfile({ database: db.name }), mysqlPassword(), ['SET SESSION wait_timeout = 1']);
    const c = await pool.checkout();
    await c.release();
    await until('MariaDB closed the idle session after wait_timeout', () => recorder.counters.errors >= 1, 15_000);
    const again = await pool.checkout();
    const err = await again.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisconnectError);
    expect(`${(err as Error).message} ${(err as { code?: string }).code ?? ''}`).toMatch(/closed state|Connection lost|PROTOCOL_CONNECTION_LOST|ECONNRESET/);
    const fresh = await pool.checkout();
    await expect(fresh.query('SELECT 1 AS one')).resolves.toMatchObject({ rowCount: 1 });
    await fresh.release();
    await pool.close();
    expect(await sessions()).toBe(0);
  });

  it('with pre_ping the same story is invisible to the caller', async () => {
    const { pool, recorder } = realPool(mysqlProfile({ database: db.name, pool: { prePing: true } }), mysqlPassword(), ['SET SESSION wait_timeout = 1']);
    const c = await pool.checkout();
    await c.release();
    await until('MariaDB closed the idle session', () => recorder.counters.errors >= 1, 15_000);
    const again = await pool.checkout();
    await expect(again.query('SELECT 1')).resolves.toMatchObject({ rowCount: 1 });
    expect(recorder.counters.prePingFailures).toBe(1);
    await again.release();
    await pool.close();
    expect(await sessions()).toBe(0);
  });

  it('a killed idle session with pre_ping is replaced; server sessions return to zero after close', async () => {
    const { pool, recorder } = realPool(mysqlProfile({ database: db.name, pool: { prePing: true } }), mysqlPassword());
    const c = await pool.checkout();
    const id = c.sessionId!;
    await c.release();
    const a = await mysqlAdmin();
    await a.query(`KILL ${Number(id)}`);
    await a.end();
    await until('the driver reported the killed session', () => recorder.counters.errors >= 1);
    const d = await pool.checkout();
    expect(d.sessionId).not.toBe(id);
    await d.release();
    expect(await sessions()).toBe(1);
    await pool.close();
    expect(await sessions()).toBe(0);
  });
});

describe('SQLite in-memory: QueuePool loses the tables, StaticPool keeps them', () => {
  const memory = (poolClass: 'QueuePool' | 'StaticPool' | 'default') => parseProfile({ name: 'm', backend: 'sqlite', database: ':memory:', pool: { poolClass } });

  it('QueuePool: a second connection is a new, empty database ("no such table")', async () => {
    const { pool } = realPool(memory('QueuePool'), undefined);
    const a = await pool.checkout();
    await a.query('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
    await a.query("INSERT INTO users (email) VALUES ('a@example.com')");
    const b = await pool.checkout();
    await expect(b.query('SELECT count(*) AS n FROM users')).rejects.toThrow('no such table: users');
    await a.release();
    await b.release();
    await pool.close();
  });

  it('StaticPool (SQLAlchemy\'s default for aiosqlite :memory:) shares one connection, so the table is there', async () => {
    expect(effectivePoolClass(memory('default'))).toBe('StaticPool');
    const { pool } = realPool(memory('default'), undefined);
    const a = await pool.checkout();
    await a.query('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
    await a.query("INSERT INTO users (email) VALUES ('a@example.com')");
    const b = await pool.checkout();
    await expect(b.query('SELECT count(*) AS n FROM users')).resolves.toMatchObject({ rows: [{ n: 1 }] });
    await a.release();
    await b.release();
    await pool.close();
  });
});
