import { describe, expect, it } from 'vitest';
import { FakeClock, flush } from './clock';
import { QueuePool } from './queue-pool';
import { PoolTimeoutError, pyFixed2 } from './errors';
import { FakeServer } from './testing/fake-driver';
import { recordingInstrument } from './testing/recording-instrument';
import type { PoolSettingsDto } from '../../shared/pool-types';
import type { PooledConnection } from './pooled-connection';

const DEFAULTS: PoolSettingsDto = { poolSize: 5, maxOverflow: 10, timeout: 30, recycle: -1, prePing: false, useLifo: false, resetOnReturn: 'rollback' };

function setup(opts: Partial<PoolSettingsDto> = {}) {
  const server = new FakeServer();
  const clock = new FakeClock();
  const instrument = recordingInstrument();
  const pool = new QueuePool({ ...DEFAULTS, ...opts }, { creator: () => server.connect(), isDisconnect: server.isDisconnect, clock, instrument });
  return { server, clock, instrument, pool };
}

async function checkoutMany(pool: QueuePool, n: number): Promise<PooledConnection[]> {
  const out: PooledConnection[] = [];
  for (let i = 0; i < n; i++) out.push(await pool.checkout());
  return out;
}

describe('QueuePool status() and sizes', () => {
  it('starts with overflow at -pool_size, in SQLAlchemy\'s exact format', () => {
    expect(setup().pool.status()).toBe('Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0');
  });

  it('opens connections lazily up to pool_size + max_overflow', async () => {
    const { pool, server } = setup();
    const conns = await checkoutMany(pool, 15);
    expect(server.connects).toBe(15);
    expect(pool.status()).toBe('Pool size: 5  Connections in pool: 0 Current Overflow: 10 Current Checked out connections: 15');
    expect(new Set(conns.map((c) => c.sessionId)).size).toBe(15);
  });

  it('closes overflow connections on checkin and keeps pool_size of them', async () => {
    const { pool, server, instrument } = setup();
    const conns = await checkoutMany(pool, 15);
    for (const c of conns) await c.release();
    expect(pool.status()).toBe('Pool size: 5  Connections in pool: 5 Current Overflow: 0 Current Checked out connections: 0');
    expect(server.open.size).toBe(5);
    expect(instrument.calls.filter((c) => c.type === 'closed' && c.args[1] === 'overflow')).toHaveLength(10);
  });

  it('reuses idle connections before opening new ones', async () => {
    const { pool, server } = setup();
    const a = await pool.checkout();
    await a.release();
    const b = await pool.checkout();
    expect(b.sessionId).toBe(a.sessionId);
    expect(server.connects).toBe(1);
  });
});

describe('QueuePool timeout', () => {
  it('waits `timeout` seconds once overflow is exhausted, then raises SQLAlchemy\'s exact error', async () => {
    const { pool, clock, instrument } = setup();
    await checkoutMany(pool, 15);
    let error: unknown;
    const waiting = pool.checkout().catch((e: unknown) => (error = e));
    await clock.advance(29_999);
    expect(error).toBeUndefined();
    expect(pool.gauges().waiting).toBe(1);
    await clock.advance(1);
    await waiting;
    expect(error).toBeInstanceOf(PoolTimeoutError);
    expect((error as Error).message).toBe('QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00');
    expect((error as PoolTimeoutError).sqlalchemyText).toBe(
      'QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)',
    );
    expect(instrument.count('timedOut')).toBe(1);
    // The wait it reports is the queue's own, on the pool's clock: the whole timeout.
    expect(instrument.calls.find((c) => c.type === 'timedOut')!.args[0]).toBe(30_000);
    expect(pool.gauges().waiting).toBe(0);
  });

  it('prints the timeout with two decimals and does not wait at all with timeout 0', async () => {
    const { pool, clock } = setup({ poolSize: 1, maxOverflow: 0, timeout: 0 });
    await pool.checkout();
    const err = pool.checkout().catch((e: Error) => e);
    await clock.advance(0);
    expect(((await err) as Error).message).toBe('QueuePool limit of size 1 overflow 0 reached, connection timed out, timeout 0.00');
    const { pool: p2, clock: c2 } = setup({ poolSize: 2, maxOverflow: 1, timeout: 2.5 });
    await checkoutMany(p2, 3);
    const e2 = p2.checkout().catch((e: Error) => e);
    await c2.advance(2500);
    expect(((await e2) as Error).message).toBe('QueuePool limit of size 2 overflow 1 reached, connection timed out, timeout 2.50');
  });

  it('hands a returned connection to a waiting caller before its timeout', async () => {
    const { pool, clock } = setup({ poolSize: 1, maxOverflow: 0 });
    const first = await pool.checkout();
    const waiter = pool.checkout();
    await clock.advance(5_000);
    await first.release();
    const got = await waiter;
    expect(got.sessionId).toBe(first.sessionId);
  });
});

describe('pool_size 0 and max_overflow -1', () => {
  it('pool_size=0 means no limit at all (max_overflow is ignored) and keeps every connection', async () => {
    const { pool } = setup({ poolSize: 0, maxOverflow: 3 });
    const conns = await checkoutMany(pool, 40);
    expect(pool.status()).toBe('Pool size: 0  Connections in pool: 0 Current Overflow: 0 Current Checked out connections: 40');
    for (const c of conns) await c.release();
    expect(pool.status()).toBe('Pool size: 0  Connections in pool: 40 Current Overflow: 0 Current Checked out connections: 0');
  });

  it('max_overflow=-1 allows any number of overflow connections, closed on checkin', async () => {
    const { pool, server } = setup({ poolSize: 2, maxOverflow: -1 });
    const conns = await checkoutMany(pool, 25);
    expect(pool.status()).toBe('Pool size: 2  Connections in pool: 0 Current Overflow: 23 Current Checked out connections: 25');
    for (const c of conns) await c.release();
    expect(server.open.size).toBe(2);
    expect(pool.status()).toBe('Pool size: 2  Connections in pool: 2 Current Overflow: 0 Current Checked out connections: 0');
  });
});

describe('LIFO and FIFO', () => {
  it('FIFO hands out the longest-idle connection, LIFO the most recent one', async () => {
    for (const useLifo of [false, true]) {
      const { pool } = setup({ useLifo });
      const [a, b, c] = await checkoutMany(pool, 3);
      await a!.release();
      await b!.release();
      await c!.release();
      const next = await pool.checkout();
      expect(next.sessionId).toBe(useLifo ? c!.sessionId : a!.sessionId);
    }
  });
});

describe('recycle (tested at checkout)', () => {
  it('replaces a connection older than pool_recycle at its next checkout, never in the background', async () => {
    const { pool, clock, server, instrument } = setup({ recycle: 60 });
    const a = await pool.checkout();
    await a.release();
    await clock.advance(61_000);
    expect(server.open.size).toBe(1);
    const b = await pool.checkout();
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(server.open.size).toBe(1);
    expect(instrument.calls.find((c) => c.type === 'recycled')?.args[1]).toBe('recycle');
  });

  it('keeps a connection younger than pool_recycle', async () => {
    const { pool, clock } = setup({ recycle: 60 });
    const a = await pool.checkout();
    await a.release();
    await clock.advance(59_000);
    expect((await pool.checkout()).sessionId).toBe(a.sessionId);
  });
});

describe('pre_ping', () => {
  it('a failed ping invalidates that connection and every older one; newer ones survive', async () => {
    const { pool, clock, server, instrument } = setup({ prePing: true });
    const old = await checkoutMany(pool, 3);
    const oldIds = old.map((c) => c.sessionId);
    for (const c of old) await c.release();
    server.killAll();
    await clock.advance(1000);
    // One ping fails; that slot reconnects (a fresh connection is not pinged again).
    const first = await pool.checkout();
    expect(instrument.count('prePingFailed')).toBe(1);
    expect(oldIds).not.toContain(first.sessionId);
    // The two other old slots are older than the invalidation: recycled at checkout, not pinged.
    const rest = await checkoutMany(pool, 2);
    expect(instrument.count('prePingFailed')).toBe(1);
    expect(instrument.calls.filter((c) => c.type === 'recycled' && c.args[1] === 'pool-invalidated')).toHaveLength(2);
    for (const c of rest) expect(oldIds).not.toContain(c.sessionId);
    const newIds = [first, ...rest].map((c) => c.sessionId).sort();
    for (const c of [first, ...rest]) await c.release();
    await clock.advance(1000);
    // Connections made after the invalidation survive: pinged, kept, not recycled.
    const again = await checkoutMany(pool, 3);
    expect(again.map((c) => c.sessionId).sort()).toEqual(newIds);
    expect(instrument.calls.filter((c) => c.type === 'recycled')).toHaveLength(2);
    expect(server.connects).toBe(6);
  });

  it('does not ping a fresh connection, and pings a reused one', async () => {
    const { pool, server } = setup({ prePing: true });
    const a = await pool.checkout();
    expect(server.statements).toEqual([]);
    await a.release();
    await pool.checkout();
    expect(server.statements.map((s) => s.sql)).toEqual(['SELECT 1']);
  });

  it('propagates a ping error that is not a disconnect, and the slot goes back', async () => {
    const { pool, server } = setup({ prePing: true });
    const a = await pool.checkout();
    await a.release();
    server.open.get(a.sessionId!)!.failNext = new Error('permission denied for function pg_sleep');
    await expect(pool.checkout()).rejects.toThrow('permission denied');
    expect(pool.status()).toBe('Pool size: 5  Connections in pool: 1 Current Overflow: -4 Current Checked out connections: 0');
  });
});

describe('without pre_ping: the disconnect is surfaced to the caller', () => {
  it('the first query fails with the driver\'s error, the pool is invalidated, then it recovers', async () => {
    const { pool, clock, server, instrument } = setup();
    const old = await checkoutMany(pool, 3);
    for (const c of old) await c.release();
    server.killAll();
    expect(instrument.count('driverError')).toBe(3);
    await clock.advance(10);
    const c = await pool.checkout();
    const err = await c.query('SELECT 1').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Connection terminated unexpectedly');
    expect(c.valid).toBe(false);
    expect(instrument.calls.find((x) => x.type === 'invalidated')?.args[1]).toBe('disconnect');
    // Every old slot reconnects on its next checkout.
    const fresh = await checkoutMany(pool, 3);
    for (const f of fresh) await expect(f.query('SELECT 1')).resolves.toMatchObject({ rowCount: 1 });
    expect(pool.status()).toBe('Pool size: 5  Connections in pool: 0 Current Overflow: -2 Current Checked out connections: 3');
  });
});

describe('reset on return', () => {
  it('rolls back an open transaction, and sends nothing when none is open', async () => {
    const { pool, server } = setup();
    const a = await pool.checkout();
    await a.query('SELECT 1');
    await a.release();
    expect(server.statements.map((s) => s.sql)).toEqual(['SELECT 1']);
    const b = await pool.checkout();
    await b.begin();
    await b.query('UPDATE t SET x = 1');
    await b.release();
    expect(server.statements.map((s) => s.sql).slice(1)).toEqual(['BEGIN', 'UPDATE t SET x = 1', 'ROLLBACK']);
  });

  it('commits with reset_on_return="commit" and leaves the transaction with None', async () => {
    for (const [mode, last] of [['commit', 'COMMIT'], ['none', 'BEGIN']] as const) {
      const { pool, server } = setup({ resetOnReturn: mode });
      const a = await pool.checkout();
      await a.begin();
      await a.release();
      expect(server.statements.at(-1)!.sql).toBe(last);
    }
  });

  it('invalidates a connection whose reset fails and still returns the slot', async () => {
    const { pool, server, instrument } = setup();
    const a = await pool.checkout();
    await a.begin();
    server.open.get(a.sessionId!)!.kill();
    await a.release();
    expect(instrument.calls.find((c) => c.type === 'invalidated')?.args[1]).toBe('reset-failed');
    expect(pool.status()).toBe('Pool size: 5  Connections in pool: 1 Current Overflow: -4 Current Checked out connections: 0');
    const b = await pool.checkout();
    expect(b.sessionId).not.toBe(a.sessionId);
  });
});

describe('failures and shutdown', () => {
  it('a failed connect gives the overflow slot back', async () => {
    const { pool, server } = setup({ poolSize: 1, maxOverflow: 0 });
    server.refuse = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    await expect(pool.checkout()).rejects.toThrow('ECONNREFUSED');
    expect(pool.status()).toBe('Pool size: 1  Connections in pool: 0 Current Overflow: -1 Current Checked out connections: 0');
    server.refuse = null;
    await expect(pool.checkout()).resolves.toBeDefined();
  });

  it('close() closes idle connections now and checked-out ones when they return; checkout is refused', async () => {
    const { pool, server } = setup();
    const [a] = await checkoutMany(pool, 3);
    const others = await checkoutMany(pool, 0);
    void others;
    await pool.close();
    expect(server.open.size).toBe(3);
    await a!.release();
    expect(server.open.size).toBe(2);
    await expect(pool.checkout()).rejects.toThrow(/pool was closed/);
    await pool.terminate();
    await flush();
    expect(server.open.size).toBe(0);
  });

  it('release() twice is harmless and counted once', async () => {
    const { pool, instrument } = setup();
    const a = await pool.checkout();
    await a.release();
    await a.release();
    expect(instrument.count('checkedIn')).toBe(1);
    expect(pool.checkedin()).toBe(1);
  });
});

describe('differences from SQLAlchemy 2.0 fixed (issue 12)', () => {
  it('pool_timeout=0 with overflow used up times out every checkout, even with an idle connection in the pool', async () => {
    const { pool, instrument } = setup({ poolSize: 2, maxOverflow: 0, timeout: 0 });
    const [a, b] = await checkoutMany(pool, 2);
    await a!.release();
    expect(pool.status()).toBe('Pool size: 2  Connections in pool: 1 Current Overflow: 0 Current Checked out connections: 1');
    const err = await pool.checkout().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PoolTimeoutError);
    expect((err as Error).message).toBe('QueuePool limit of size 2 overflow 0 reached, connection timed out, timeout 0.00');
    expect(instrument.count('timedOut')).toBe(1);
    await b!.release();
    // Still exhausted (overflow 0 >= max_overflow 0): pool_timeout=0 keeps timing out.
    await expect(pool.checkout()).rejects.toBeInstanceOf(PoolTimeoutError);
  });

  it('pool_timeout=0 with overflow left opens an overflow connection as usual', async () => {
    const { pool, server } = setup({ poolSize: 1, maxOverflow: 1, timeout: 0 });
    await checkoutMany(pool, 2);
    expect(server.connects).toBe(2);
  });

  it('the timeout text rounds like Python\'s %0.2f (exact value, ties to even)', async () => {
    expect(pyFixed2(0.125)).toBe('0.12');
    expect(pyFixed2(0.375)).toBe('0.38');
    expect(pyFixed2(0.625)).toBe('0.62');
    expect(pyFixed2(2.5)).toBe('2.50');
    expect(pyFixed2(0.135)).toBe('0.14');
    expect(pyFixed2(30)).toBe('30.00');
    expect(new PoolTimeoutError(5, 10, 0.125).message).toBe('QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 0.12');
  });

  it('resets every return, including a transaction opened with plain SQL', async () => {
    const { pool, server, instrument } = setup({ poolSize: 1 });
    const a = await pool.checkout();
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    await a.release();
    expect(server.statements.map((s) => s.sql)).toEqual(['BEGIN', 'INSERT INTO t VALUES (1)', 'ROLLBACK']);
    const b = await pool.checkout();
    await b.release();
    // The reset event fires on every return; the driver sends nothing when no transaction is open.
    expect(instrument.count('reset')).toBe(2);
    expect(server.statements).toHaveLength(3);
  });

  it('dispose() closes a LIFO pool\'s idle connections newest first, a FIFO pool\'s oldest first', async () => {
    for (const useLifo of [true, false]) {
      const { pool, instrument } = setup({ poolSize: 3, useLifo });
      const conns = await checkoutMany(pool, 3);
      for (const c of conns) await c.release();
      await pool.close();
      const closed = instrument.calls.filter((c) => c.type === 'closed').map((c) => c.args[0]);
      const ids = conns.map((c) => c.recordId);
      expect(closed).toEqual(useLifo ? [...ids].reverse() : ids);
    }
  });
});

describe('the engine layer (Connection.close)', () => {
  it('rolls back its own transaction before the pool sees it, so reset_on_return=commit never commits forgotten work', async () => {
    const { pool, server, instrument } = setup({ poolSize: 1, resetOnReturn: 'commit' });
    const a = await pool.checkout();
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    await a.close();
    expect(server.statements.map((s) => s.sql)).toEqual(['BEGIN', 'INSERT INTO t VALUES (1)', 'ROLLBACK']);
    expect(instrument.count('reset')).toBe(1);
    expect(instrument.count('checkedIn')).toBe(1);
  });

  it('a rollback that fails with a disconnect invalidates the whole pool and raises', async () => {
    const { pool, server, clock } = setup({ poolSize: 2 });
    // Pool-wide invalidation applies to connections started before it (starttime < invalidate_time).
    await clock.advance(5);
    const [a, b] = await checkoutMany(pool, 2);
    await b!.release();
    await a!.query('BEGIN');
    await clock.advance(10);
    server.killAll();
    await expect(a!.close()).rejects.toMatchObject({ name: 'DisconnectError' });
    // b's connection (idle, older than the invalidation) is replaced at its next checkout.
    const c = await pool.checkout();
    expect(server.connects).toBe(3);
    await c.release();
  });
});
