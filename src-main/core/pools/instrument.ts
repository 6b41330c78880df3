/** Why a connection left the pool or was replaced; shown in the event timeline. */
export type InvalidateReason = 'pre-ping' | 'disconnect' | 'reset-failed' | 'checkout-failed' | 'manual';
export type RecycleReason = 'recycle' | 'pool-invalidated' | 'soft-invalidated';
export type CloseReason = 'overflow' | 'dispose' | 'null-pool' | 'terminate' | 'orphan';

/**
 * Hooks the pool calls at the points SQLAlchemy fires its pool events. The metrics recorder
 * implements them; NO_INSTRUMENT costs nothing, for the with/without-metrics benchmark.
 */
export interface PoolInstrument {
  connected(recId: number, ms: number, sessionId: string | null): void;
  connectFailed(err: unknown, ms: number): void;
  checkedOut(recId: number, waitMs: number): void;
  checkedIn(recId: number, useMs: number): void;
  invalidated(recId: number, reason: InvalidateReason, err: unknown): void;
  recycled(recId: number, reason: RecycleReason): void;
  closed(recId: number, reason: CloseReason): void;
  timedOut(waitMs: number, message: string): void;
  prePingFailed(recId: number, err: unknown): void;
  driverError(recId: number, err: unknown): void;
  queried(ms: number, failed: boolean): void;
  reset(recId: number, action: 'rollback' | 'commit'): void;
}

const noop = () => undefined;
export const NO_INSTRUMENT: PoolInstrument = {
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
