/** Why a connection left the pool or was replaced; shown in the event timeline. */
export type InvalidateReason = 'pre-ping' | 'disconnect' | 'reset-failed' | 'checkout-failed' | 'manual';
export type RecycleReason = 'recycle' | 'pool-invalidated' | 'soft-invalidated';
export type CloseReason = 'overflow' | 'dispose' | 'null-pool' | 'terminate' | 'orphan';

/**
 * Hooks the pool calls at the points SQLAlchemy fires its pool events. The metrics recorder
 * implements them; NO_INSTRUMENT costs nothing, for the with/without-metrics benchmark.
 */
export interface PoolInstrument {
  /**
   * Called once per checkout, before anything else: the weight to time this checkout with (its
   * wait, its use and its queries), or 0 to leave it untimed. The pool reads the clock only for a
   * checkout with a weight; an untimed checkout is still counted and still writes its events.
   * NO_INSTRUMENT always answers 0, so a pool without metrics reads no clock at all.
   */
  sampleCheckout(): number;
  connected(recId: number, ms: number, sessionId: string | null): void;
  connectFailed(err: unknown, ms: number): void;
  /** weight from sampleCheckout(); with 0, waitMs and at were not measured. at: performance.now() of the checkout. */
  checkedOut(recId: number, waitMs: number, at: number, weight: number): void;
  /** at: performance.now() of the checkin; weight as at checkout. */
  checkedIn(recId: number, useMs: number, at: number, weight: number): void;
  invalidated(recId: number, reason: InvalidateReason, err: unknown): void;
  recycled(recId: number, reason: RecycleReason): void;
  closed(recId: number, reason: CloseReason): void;
  timedOut(waitMs: number, message: string): void;
  prePingFailed(recId: number, err: unknown): void;
  driverError(recId: number, err: unknown): void;
  /** weight as at checkout; with 0, ms was not measured. */
  queried(ms: number, failed: boolean, weight: number): void;
  /** at: performance.now() of the return that is being reset (not measured when weight is 0). */
  reset(recId: number, action: 'rollback' | 'commit', at: number, weight: number): void;
}

/** The clock for a checkout timed with this weight; NaN (no clock read) for an untimed one. */
export function timedNow(weight: number): number {
  return weight > 0 ? performance.now() : NaN;
}

const noop = () => undefined;
export const NO_INSTRUMENT: PoolInstrument = {
  sampleCheckout: () => 0,
  connected: noop,
  connectFailed: noop,
  checkedOut: noop,
  checkedIn: noop,
  invalidated: noop,
  recycled: noop,
  closed: noop,
  timedOut: noop,
  prePingFailed: noop,
  driverError: noop,
  queried: noop,
  reset: noop,
};
