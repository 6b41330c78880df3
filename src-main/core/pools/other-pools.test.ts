import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { NullPool } from './null-pool';
import { StaticPool } from './static-pool';
import { AsyncQueue, QueueEmpty } from './async-queue';
import { FakeServer } from './testing/fake-driver';
import { recordingInstrument } from './testing/recording-instrument';
import type { PoolSettingsDto } from '../../shared/pool-types';

const OPTS: PoolSettingsDto = { poolSize: 5, maxOverflow: 10, timeout: 30, recycle: -1, prePing: false, useLifo: false, resetOnReturn: 'rollback' };

function deps() {
  const server = new FakeServer();
  const clock = new FakeClock();
  const instrument = recordingInstrument();
  return { server, clock, instrument, d: { creator: () => server.connect(), isDisconnect: server.isDisconnect, clock, instrument } };
}

describe('NullPool', () => {
  it('opens a connection per checkout and closes it at checkin; status() is "NullPool"', async () => {
    const { server, d } = deps();
    const pool = new NullPool(OPTS, d);
    expect(pool.status()).toBe('NullPool');
    const a = await pool.checkout();
    const b = await pool.checkout();
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(pool.gauges()).toMatchObject({ open: 2, checkedOut: 2, idle: 0 });
    await a.release();
    await b.release();
    expect(server.open.size).toBe(0);
    expect(server.connects).toBe(2);
    expect(pool.gauges()).toMatchObject({ open: 0, checkedOut: 0 });
  });
});

describe('StaticPool', () => {
  it('hands the one connection to every checkout, concurrently, and keeps it; status() is "StaticPool"', async () => {
    const { server, d } = deps();
    const pool = new StaticPool(OPTS, d);
    expect(pool.status()).toBe('StaticPool');
    const first = await pool.checkout();
    const [a, b] = await Promise.all([pool.checkout(), pool.checkout()]);
    expect(a.sessionId).toBe(first.sessionId);
    expect(b.sessionId).toBe(first.sessionId);
    expect(server.connects).toBe(1);
    // Gauges count connections: one open, checked out (by three holders), none idle.
    expect(pool.gauges()).toMatchObject({ open: 1, idle: 0, checkedOut: 1 });
    await a.release();
    await b.release();
    await first.release();
    expect(pool.gauges()).toMatchObject({ open: 1, idle: 1, checkedOut: 0 });
    expect(server.open.size).toBe(1);
    expect((await pool.checkout()).sessionId).toBe(a.sessionId);
  });

  it('two concurrent first checkouts open two connections, as SQLAlchemy\'s memoized record does; the orphan is closed when returned', async () => {
    const { server, d } = deps();
    const inst = recordingInstrument();
    const pool = new StaticPool(OPTS, { ...d, instrument: inst });
    const [a, b] = await Promise.all([pool.checkout(), pool.checkout()]);
    expect(server.connects).toBe(2);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(pool.gauges()).toMatchObject({ open: 2, idle: 0, checkedOut: 2 });
    await a.release();
    await b.release();
    // The last to connect (b) is the pool's record; a's connection was closed as an orphan.
    expect(server.open.size).toBe(1);
    expect(inst.calls.filter((c) => c.type === 'closed').map((c) => c.args[1])).toEqual(['orphan']);
    expect((await pool.checkout()).sessionId).toBe(b.sessionId);
  });

  it('fires the checkin event only for the first return after the latest checkout (the record\'s fairy_ref)', async () => {
    const { d } = deps();
    const inst = recordingInstrument();
    const pool = new StaticPool(OPTS, { ...d, instrument: inst });
    const a = await pool.checkout();
    const b = await pool.checkout();
    await a.release();
    await b.release();
    expect(inst.count('checkedOut')).toBe(2);
    expect(inst.count('checkedIn')).toBe(1);
    // Every return is still reset.
    expect(inst.count('reset')).toBe(2);
  });

  it('replaces an invalidated connection with a new one', async () => {
    const { server, d } = deps();
    const pool = new StaticPool(OPTS, d);
    const a = await pool.checkout();
    a.invalidate(new Error('gone'));
    const b = await pool.checkout();
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(server.open.size).toBe(1);
  });

  it('dispose keeps nothing open after close()', async () => {
    const { server, d } = deps();
    const pool = new StaticPool(OPTS, d);
    const a = await pool.checkout();
    await a.release();
    await pool.close();
    expect(server.open.size).toBe(0);
  });
});

describe('AsyncQueue (asyncio.Queue semantics)', () => {
  it('FIFO and LIFO order', () => {
    const clock = new FakeClock();
    for (const [lifo, first] of [[false, 1], [true, 3]] as const) {
      const q = new AsyncQueue<number>(0, lifo, clock);
      [1, 2, 3].forEach((n) => q.putNowait(n));
      expect(q.getNowait()).toBe(first);
    }
  });

  it('refuses a put past maxsize, and get_nowait on empty', () => {
    const q = new AsyncQueue<number>(1, false, new FakeClock());
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow('queue full');
    q.getNowait();
    expect(() => q.getNowait()).toThrow(QueueEmpty);
  });

  it('a woken waiter that finds the item taken waits again at the back, like asyncio.Queue.get', async () => {
    const clock = new FakeClock();
    const q = new AsyncQueue<string>(0, false, clock);
    const got: string[] = [];
    const w1 = q.get(null).then((v) => got.push(`w1:${v}`));
    const w2 = q.get(null).then((v) => got.push(`w2:${v}`));
    q.putNowait('a');
    // A caller arriving before w1 resumes takes the item (barging).
    expect(q.getNowait()).toBe('a');
    await clock.advance(0);
    q.putNowait('b');
    q.putNowait('c');
    await Promise.all([w1, w2]);
    expect(got.sort()).toEqual(['w1:c', 'w2:b'].sort());
  });

  it('bounds the whole wait by the timeout, even across wake-ups', async () => {
    const clock = new FakeClock();
    const q = new AsyncQueue<string>(0, false, clock);
    let result: unknown;
    void q.get(10).then((v) => (result = v), (e) => (result = e));
    await clock.advance(5000);
    q.putNowait('x');
    q.getNowait();
    await clock.advance(5000);
    expect(result).toBeInstanceOf(QueueEmpty);
    expect(q.waiting()).toBe(0);
  });
});

describe('event ring', () => {
  it('keeps incidents when checkout/checkin traffic floods it, in sequence order', async () => {
    const { EventRing } = await import('./event-ring');
    const ring = new EventRing(10, 5);
    ring.push('connect-error', 0, 'ECONNREFUSED');
    for (let i = 0; i < 10_000; i++) ring.push(i % 2 ? 'checkin' : 'checkout', 1);
    ring.push('invalidate', 1, 'disconnect');
    const { events, skipped } = ring.since(0, 200, 3);
    expect(events.map((e) => e.kind)).toEqual(['connect-error', 'checkin', 'checkout', 'checkin', 'invalidate']);
    expect(events.map((e) => e.seq)).toEqual([1, 9_999, 10_000, 10_001, 10_002]);
    expect(skipped).toBe(2);
    expect(ring.since(10_001, 200).events.map((e) => e.kind)).toEqual(['invalidate']);
  });
});
