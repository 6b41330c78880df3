/**
 * Pool and lab data as the UI sees it (plain, serialisable). The pools in core build exactly
 * these shapes, so they are declared here once.
 */

export type PoolClassName = 'AsyncAdaptedQueuePool' | 'NullPool' | 'StaticPool';

export interface PoolGaugesDto {
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

export interface PoolCountersDto {
  opened: number;
  closed: number;
  invalidations: number;
  recycles: number;
  prePingFailures: number;
  timeouts: number;
  errors: number;
  checkouts: number;
  queries: number;
}

export interface LatencyDto {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PoolTimersDto {
  checkoutWait: LatencyDto;
  connectionUse: LatencyDto;
  connect: LatencyDto;
  query: LatencyDto;
}

/** Kinds of pool event on the timeline (SQLAlchemy's pool events plus timeouts and errors). */
export const POOL_EVENT_KINDS = [
  'connect',
  'connect-error',
  'checkout',
  'checkin',
  'invalidate',
  'recycle',
  'close',
  'timeout',
  'pre-ping-failed',
  'error',
  'reset',
  'query-error',
] as const;
export type PoolEventKindDto = (typeof POOL_EVENT_KINDS)[number];

export interface PoolEventDto {
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  kind: PoolEventKindDto;
  /** The pool slot (connection record) it concerns, 0 when none. */
  conn: number;
  /** Details: the driver's real error message, the reason of an invalidation, a timing. */
  detail?: string;
}

export interface ServerSessionDto {
  id: string;
  state: string;
  ageSec: number | null;
  inStateSec: number | null;
}

export interface ServerViewDto {
  at: number;
  hasServer: boolean;
  sessions: ServerSessionDto[];
  serverTotal: number | null;
  maxConnections: number | null;
  error?: string;
}

export interface PoolSettingsDto {
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

export interface LoadProgressDto {
  runId: string;
  state: 'running' | 'stopping' | 'done' | 'stopped' | 'failed';
  elapsedSec: number;
  durationSec: number;
  activeWorkers: number;
  /** Operations completed in the last tick, per second. */
  throughput: number;
  latency: LatencyDto;
  errorsByKind: Record<string, number>;
  completed: number;
}

/** One pool's entry in the per-tick batch. */
export interface PoolTickDto {
  connectionId: string;
  generation: number;
  className: PoolClassName;
  status: string;
  gauges: PoolGaugesDto;
  counters: PoolCountersDto;
  /** Latencies of the operations since the previous tick. */
  window: PoolTimersDto;
  /** Latencies since the pool opened. */
  totals: PoolTimersDto;
  events: PoolEventDto[];
  skippedEvents: number;
  server?: ServerViewDto;
  load?: LoadProgressDto;
}

export interface PoolTickBatchDto {
  at: number;
  intervalMs: number;
  pools: PoolTickDto[];
}

export interface PoolSnapshotDto {
  connectionId: string;
  generation: number;
  className: PoolClassName;
  /** The settings the pool runs with (the pool class is in className). */
  settings: PoolSettingsDto;
  /** application_name (PostgreSQL) tagging this pool's sessions on the server. */
  tag: string;
  openedAt: number;
  status: string;
  gauges: PoolGaugesDto;
  counters: PoolCountersDto;
  totals: PoolTimersDto;
  events: PoolEventDto[];
  server: ServerViewDto | null;
  load: LoadProgressDto | null;
}
