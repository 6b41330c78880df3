import { describe, expect, it } from 'vitest';
import { Histogram, Timer } from './histogram';
import { PoolRecorder, TIMED_PER_SECOND } from './recorder';
import { EventRing } from './event-ring';

describe('Histogram with weights', () => {
  it('a weighted sample gives the percentiles of the whole, the count stays exact', () => {
    const whole = new Histogram();
    const sample = new Histogram();
    // 7,000 values, one in seven at 10 ms, the rest at 0.1 ms; the sample times every 5th (5 and 7
    // share no factor, so the sample sees both kinds in their proportion).
    for (let i = 0; i < 7000; i++) {
      const ms = i % 7 === 0 ? 10 : 0.1;
      whole.record(ms);
      if (i % 5 === 0) sample.record(ms, 5);
      else sample.tally();
    }
    expect(sample.count).toBe(7000);
    expect(sample.weight).toBe(7000);
    const w = whole.stats();
    const s = sample.stats();
    expect(s.count).toBe(w.count);
    expect(s.p50).toBeCloseTo(w.p50, 6);
    expect(s.p95).toBeCloseTo(w.p95, 6);
    expect(Math.abs(s.mean - w.mean) / w.mean).toBeLessThan(0.01);
  });

  it('values counted but never timed report a count and no latencies', () => {
    const h = new Histogram();
    h.tally();
    h.tally();
    expect(h.stats()).toEqual({ count: 2, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('Timer', () => {
  it('records each value once; the total is every window taken plus the current one', () => {
    const t = new Timer();
    t.record(1);
    t.record(2);
    expect(t.takeWindow().count).toBe(2);
    t.record(30);
    expect(t.window.count).toBe(1);
    const total = t.totalStats();
    expect(total.count).toBe(3);
    expect(total.max).toBe(30);
    expect(t.takeWindow().count).toBe(1);
    expect(t.totalStats().count).toBe(3);
    expect(t.takeWindow().count).toBe(0);
  });
});

describe('PoolRecorder sampling', () => {
  /** Drives n checkouts as a pool does, at `perMs` checkouts per millisecond of a fake performance.now(). */
  function drive(rec: PoolRecorder, n: number, perMs: number, start: number): number {
    let at = start;
    let timed = 0;
    for (let i = 0; i < n; i++) {
      at += 1 / perMs;
      const weight = rec.sampleCheckout();
      if (weight > 0) timed++;
      rec.checkedOut(1, 0.01, weight > 0 ? at : NaN, weight);
      rec.queried(weight > 0 ? 0.02 : NaN, false, weight);
      rec.checkedIn(1, weight > 0 ? 0.05 : NaN, weight > 0 ? at : NaN, weight);
    }
    return timed;
  }

  it('times every checkout at a modest rate', () => {
    const rec = new PoolRecorder();
    // 5,000 a second: under the sampling threshold.
    const timed = drive(rec, 2000, 5, performance.now());
    expect(timed).toBe(2000);
    expect(rec.sampleEvery).toBe(1);
    expect(rec.checkoutWait.window.weight).toBe(2000);
  });

  it('above the threshold it times one checkout in every, weighted so counts and percentiles hold', () => {
    const rec = new PoolRecorder();
    // 400,000 checkouts a second: the first 100 ms of clock time are all timed, then the
    // interval is set from the rate seen.
    const t0 = performance.now();
    drive(rec, 40_000, 400, t0);
    const n = 200_000;
    const timed = drive(rec, n, 400, t0 + 100);
    const every = Math.floor(400_000 / TIMED_PER_SECOND);
    // (the rate is measured over clock readings, so 19 or 20 at 400,000 a second)
    expect(rec.sampleEvery).toBeGreaterThanOrEqual(every - 1);
    expect(rec.sampleEvery).toBeLessThanOrEqual(every);
    expect(timed).toBeGreaterThan(n / every - 10);
    expect(timed).toBeLessThan(n / (every - 1) + 10);
    expect(rec.counters.checkouts).toBe(n + 40_000);
    expect(rec.counters.queries).toBe(n + 40_000);
    const w = rec.takeWindows();
    expect(w.checkoutWait.count).toBe(n + 40_000);
    expect(w.query.count).toBe(n + 40_000);
    expect(w.connectionUse.count).toBe(n + 40_000);
    // Every value was the same, so the weighted estimate is that value (within the 5 % bucket).
    expect(w.query.p99).toBeGreaterThan(0.019);
    expect(w.query.p99).toBeLessThan(0.022);
    expect(w.query.mean).toBeCloseTo(0.02, 6);
  });

  it('with an unbounded threshold every checkout is timed, whatever the rate', () => {
    const rec = new PoolRecorder(1000, Infinity);
    const timed = drive(rec, 50_000, 400, performance.now());
    expect(timed).toBe(50_000);
    expect(rec.sampleEvery).toBe(1);
    expect(rec.events.last).toBe(100_000);
  });

  it('a tick after the rate fell times every checkout again', () => {
    const rec = new PoolRecorder();
    const t0 = performance.now() - 10_000;
    drive(rec, 100_000, 400, t0);
    expect(rec.sampleEvery).toBeGreaterThan(1);
    // Nothing for a while, then the live view's tick: the rate since the last pace is low.
    rec.takeWindows();
    expect(rec.sampleEvery).toBe(1);
    expect(rec.sampleCheckout()).toBe(1);
  });

  it('traffic events follow the sample: every checkout below the threshold, the timed ones above it', () => {
    const slow = new PoolRecorder();
    drive(slow, 2000, 5, performance.now());
    expect(slow.events.last).toBe(4000);

    const rec = new PoolRecorder();
    const at = performance.now();
    rec.connected(1, 2, null);
    const timed = drive(rec, 50_000, 400, at);
    expect(rec.sampleEvery).toBeGreaterThan(1);
    expect(timed).toBeLessThan(50_000);
    // checkout and checkin of each timed checkout, plus the connect
    expect(rec.events.last).toBe(2 * timed + 1);
    const { events } = rec.events.since(0, 1000, 1000);
    expect(events[0]!.kind).toBe('connect');
    const traffic = events.filter((e) => e.kind !== 'connect');
    expect(traffic.length).toBeGreaterThan(100);
    // whole cycles: checkout then checkin, each stamped with its own reading
    for (let i = 0; i + 1 < traffic.length; i += 2) {
      expect(traffic[i]!.kind).toBe(traffic[0]!.kind);
      expect(traffic[i + 1]!.kind).not.toBe(traffic[i]!.kind);
    }
    for (const e of traffic) expect(Number.isFinite(e.at)).toBe(true);
    expect(rec.counters.checkouts).toBe(50_000);
  });
});

describe('EventRing lanes', () => {
  it('a reset on every return stays in the traffic lane and never pushes incidents out', () => {
    const ring = new EventRing(5, 5);
    ring.push('connect-error', 0, 'ECONNREFUSED');
    for (let i = 0; i < 1000; i++) {
      ring.traffic('checkout', 1, performance.now());
      ring.traffic('reset', 1, performance.now(), 'rollback');
      ring.traffic('checkin', 1, performance.now());
    }
    const { events } = ring.since(0, 100, 100);
    expect(events[0]!.kind).toBe('connect-error');
    expect(events.filter((e) => e.kind === 'reset').length).toBeLessThanOrEqual(2);
    expect(events.find((e) => e.kind === 'reset')!.detail).toBe('rollback');
  });

  it('stores event times as wall-clock milliseconds', () => {
    const ring = new EventRing();
    const before = Date.now();
    ring.push('connect', 1);
    ring.traffic('checkout', 1, performance.now());
    const after = Date.now();
    for (const e of ring.since(0, 10).events) {
      expect(e.at).toBeGreaterThanOrEqual(before - 5);
      expect(e.at).toBeLessThanOrEqual(after + 5);
    }
  });
});
