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
 * Counters, timers and the event timeline for one pool. Everything on the checkout path is a
 * few arithmetic operations and a ring write; summaries are built once per tick.
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

  constructor(eventCapacity = 1000) {
    this.events = new EventRing(eventCapacity);
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
  checkedOut(recId: number, waitMs: number): void {
    this.counters.checkouts++;
    this.checkoutWait.record(waitMs);
    this.events.push('checkout', recId);
  }
  checkedIn(recId: number, useMs: number): void {
    this.connectionUse.record(useMs);
    this.events.push('checkin', recId);
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
  queried(ms: number, failed: boolean): void {
    this.counters.queries++;
    this.query.record(ms);
    if (failed) this.counters.errors++;
  }
  reset(recId: number, action: 'rollback' | 'commit'): void {
    this.events.push('reset', recId, action);
  }

  /** Per-tick latency windows (each starts over after this call). */
  takeWindows(): PoolTimersDto {
    return {
      checkoutWait: this.checkoutWait.takeWindow(),
      connectionUse: this.connectionUse.takeWindow(),
      connect: this.connect.takeWindow(),
      query: this.query.takeWindow(),
    };
  }

  totals(): PoolTimersDto {
    return {
      checkoutWait: this.checkoutWait.total.stats(),
      connectionUse: this.connectionUse.total.stats(),
      connect: this.connect.total.stats(),
      query: this.query.total.stats(),
    };
  }
}
