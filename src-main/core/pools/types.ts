import type { DriverConnection } from '../drivers/types';
import type { Clock } from './clock';
import type { PoolInstrument } from './instrument';

export interface PoolOptions {
  poolSize: number;
  /** -1: no limit. */
  maxOverflow: number;
  /** Seconds to wait for a connection. */
  timeout: number;
  /** Seconds; -1 disables. */
  recycle: number;
  prePing: boolean;
  useLifo: boolean;
  resetOnReturn: 'rollback' | 'commit' | 'none';
}

export interface PoolDeps {
  creator: () => Promise<DriverConnection>;
  /** The dialect's is_disconnect. */
  isDisconnect(err: unknown): boolean;
  clock: Clock;
  instrument: PoolInstrument;
}

export type PoolClassName = 'AsyncAdaptedQueuePool' | 'NullPool' | 'StaticPool';

export interface PoolGauges {
  /** Driver connections open right now. */
  open: number;
  /** Slots waiting in the pool (SQLAlchemy's checkedin()). */
  idle: number;
  /** SQLAlchemy's checkedout(). */
  checkedOut: number;
  /** SQLAlchemy's overflow(): starts at -pool_size. */
  overflow: number;
  /** Callers waiting for a connection. */
  waiting: number;
}
