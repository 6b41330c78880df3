import type { PoolCountersDto, PoolTimersDto } from '../../shared/pool-types';
import { EventRing } from './event-ring';
import { Timer } from './histogram';
import type { CloseReason, InvalidateReason, PoolInstrument, RecycleReason } from './instrument';

const message = (err: unknown): string => {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return code !== undefined && code !== null ? `${err.message} [${String(code)}]` : err.message;
  }
  return String(err);
};

/**
 * Timed checkouts a second the recorder aims at, at most. A timed checkout reads the clock about
 * four times (checkout, each query's start and end, return), some 50 ns each on this Node: at
 * 20,000 a second that is about 0.5 % of one core, whatever the pool's rate.
 */
export const TIMED_PER_SECOND = 20_000;
/** How often the sampling interval is reconsidered without a tick (ms of clock time between timed checkouts). */
const PACE_MS = 100;

/**
 * Counters, timers and the event timeline for one pool. Everything on the checkout path is a
 * few arithmetic operations and a ring write; summaries are built once per tick.
 *
 * Up to TIMED_PER_SECOND checkouts a second every checkout is timed. Above that rate one
 * checkout in `every` is (a systematic sample), and its timings are recorded with weight
 * `every`: counts and counters stay exact, percentiles and means are estimates from the sample
 * (at 500,000 checkouts a second still 20,000 timed values a second), the max is the sample's.
 * The traffic lane (checkout, reset, checkin) follows the same sample: a timed checkout writes its
 * three events, each with the time the pool read for it; an untimed one is counted, not written.
 * Below the threshold that is every checkout; above it the lane holds whole checkout-to-checkin
 * cycles of the sample instead of the last few milliseconds of traffic (the UI shows at most the
 * newest 100 a tick either way), and the incidents lane (connects, errors, invalidations,
 * recycles, timeouts) is always written in full.
 */
export class PoolRecorder implements PoolInstrument {
  readonly counters: PoolCountersDto = { opened: 0, closed: 0, invalidations: 0, recycles: 0, prePingFailures: 0, timeouts: 0, errors: 0, checkouts: 0, queries: 0 };
  readonly checkoutWait = new Timer();
  readonly connectionUse = new Timer();
  readonly connect = new Timer();
  readonly query = new Timer();
  readonly events: EventRing;
  /** Server session id of each slot's current connection, for the server's view. */
  readonly sessions = new Map<number, string>();

  /** Time one checkout in `every`. */
  private every = 1;
  private countdown = 1;
  private paceAt = NaN;
  private paceCount = 0;

  /**
   * timedPerSecond: the sampling threshold (TIMED_PER_SECOND); Infinity times every checkout,
   * which the pool benchmark uses to measure what full timing costs a checkout.
   */
  constructor(
    eventCapacity = 1000,
    private readonly timedPerSecond = TIMED_PER_SECOND,
  ) {
    this.events = new EventRing(eventCapacity);
  }

  /** The current sampling interval (1: every checkout is timed). */
  get sampleEvery(): number {
    return this.every;
  }

  sampleCheckout(): number {
    if (--this.countdown > 0) return 0;
    this.countdown = this.every;
    return this.every;
  }

  /** Sets the interval from the checkout rate seen since the last call. */
  private pace(now: number): void {
    const elapsed = now - this.paceAt;
    const checkouts = this.counters.checkouts - this.paceCount;
    this.paceAt = now;
    this.paceCount = this.counters.checkouts;
    if (!(elapsed > 0)) return;
    const rate = (checkouts * 1000) / elapsed;
    this.every = Math.max(1, Math.floor(rate / this.timedPerSecond));
    if (this.countdown > this.every) this.countdown = this.every;
  }

  connected(recId: number, ms: number, sessionId: string | null): void {
    this.counters.opened++;
    this.connect.record(ms);
    if (sessionId) this.sessions.set(recId, sessionId);
    this.events.push('connect', recId, sessionId ? `session ${sessionId}, ${ms.toFixed(1)} ms` : `${ms.toFixed(1)} ms`);
  }
  connectFailed(err: unknown, ms: number): void {
    this.counters.errors++;
    this.connect.record(ms);
    this.events.push('connect-error', 0, message(err));
  }
  checkedOut(recId: number, waitMs: number, at: number, weight: number): void {
    this.counters.checkouts++;
    if (weight > 0) {
      this.checkoutWait.record(waitMs, weight);
      if (!(at - this.paceAt < PACE_MS)) this.pace(at);
      this.events.traffic('checkout', recId, at);
    } else this.checkoutWait.tally();
  }
  checkedIn(recId: number, useMs: number, at: number, weight: number): void {
    if (weight > 0) {
      this.connectionUse.record(useMs, weight);
      this.events.traffic('checkin', recId, at);
    } else this.connectionUse.tally();
  }
  invalidated(recId: number, reason: InvalidateReason, err: unknown): void {
    this.counters.invalidations++;
    this.events.push('invalidate', recId, err === undefined ? reason : `${reason}: ${message(err)}`);
  }
  recycled(recId: number, reason: RecycleReason): void {
    this.counters.recycles++;
    this.events.push('recycle', recId, reason);
  }
  closed(recId: number, reason: CloseReason): void {
    this.counters.closed++;
    this.sessions.delete(recId);
    this.events.push('close', recId, reason);
  }
  timedOut(waitMs: number, text: string): void {
    this.counters.timeouts++;
    this.checkoutWait.record(waitMs);
    this.events.push('timeout', 0, text);
  }
  prePingFailed(recId: number, err: unknown): void {
    this.counters.prePingFailures++;
    this.events.push('pre-ping-failed', recId, message(err));
  }
  driverError(recId: number, err: unknown): void {
    this.counters.errors++;
    this.events.push('error', recId, message(err));
  }
  queried(ms: number, failed: boolean, weight: number): void {
    this.counters.queries++;
    if (weight > 0) this.query.record(ms, weight);
    else this.query.tally();
    if (failed) this.counters.errors++;
  }
  reset(recId: number, action: 'rollback' | 'commit', at: number, weight: number): void {
    if (weight > 0) this.events.traffic('reset', recId, at, action);
  }

  /** Per-tick latency windows (each starts over after this call). The tick also re-paces the sampling. */
  takeWindows(): PoolTimersDto {
    this.pace(performance.now());
    return {
      checkoutWait: this.checkoutWait.takeWindow(),
      connectionUse: this.connectionUse.takeWindow(),
      connect: this.connect.takeWindow(),
      query: this.query.takeWindow(),
    };
  }

  totals(): PoolTimersDto {
    return {
      checkoutWait: this.checkoutWait.totalStats(),
      connectionUse: this.connectionUse.totalStats(),
      connect: this.connect.totalStats(),
      query: this.query.totalStats(),
    };
  }
}
