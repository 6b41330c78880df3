import { z } from 'zod';
import type { LatencyDto, PoolClassName, PoolSettingsDto } from './pool-types';

export const scenarioSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(512),
  durationSec: z.number().min(1).max(600),
  rampSec: z.number().min(0).max(600).default(0),
  /** Time a request keeps its connection after the query (work done while holding it). */
  holdMs: z.number().min(0).max(60_000).default(0),
  /** Pause between a worker's requests. */
  thinkMs: z.number().min(0).max(60_000).default(0),
  query: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('select1') }),
    z.strictObject({ kind: z.literal('sleep'), seconds: z.number().min(0).max(30) }),
    z.strictObject({ kind: z.literal('custom'), sql: z.string().min(1).max(10_000) }),
  ]),
  /** Wrap each request in a transaction, as SQLAlchemy's autobegin does (BEGIN … ROLLBACK). */
  transaction: z.boolean().default(false),
  /**
   * PostgreSQL: run the driver with the PgBouncer recipe the export writes (asyncpg:
   * statement_cache_size=0, prepared_statement_cache_size=0, unique prepared statement names;
   * psycopg: prepare_threshold=None) instead of the driver's defaults and the URL's settings.
   */
  driverRecipe: z.boolean().default(false),
  /** End each request with COMMIT, as `async with engine.begin()` does; otherwise the engine rolls back at close. */
  commit: z.boolean().default(false),
});
export type Scenario = z.output<typeof scenarioSchema>;

/**
 * Prepared-statement failures by SQLSTATE, named as each Python driver raises them (asyncpg
 * exceptions/__init__.py, psycopg errors.py; 'plain' is the pg driver's own wire): the lab's
 * "errors by kind" then reads like the service's log. Behind a pooler in transaction mode these are
 * what asyncpg, and psycopg after prepare_threshold executions, run into; the PgBouncer recipe cures them.
 */
export const PREPARED_STATEMENT_KINDS: Record<'26000' | '42P05', Record<'asyncpg' | 'psycopg' | 'plain', string>> = {
  '26000': { asyncpg: 'InvalidSQLStatementNameError', psycopg: 'InvalidSqlStatementName', plain: 'prepared statement does not exist' },
  '42P05': { asyncpg: 'DuplicatePreparedStatementError', psycopg: 'DuplicatePreparedStatement', plain: 'prepared statement already exists' },
};

/** True for an "errors by kind" key that is a prepared-statement failure. */
export function isPreparedStatementKind(kind: string): boolean {
  return Object.values(PREPARED_STATEMENT_KINDS).some((names) => Object.values(names).includes(kind));
}

export type ScenarioInput = z.input<typeof scenarioSchema>;

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kill-idle') }),
  z.strictObject({ kind: z.literal('idle-timeout'), seconds: z.number().int().min(1).max(3600) }),
  z.strictObject({ kind: z.literal('clear-idle-timeout') }),
  z.strictObject({ kind: z.literal('probe'), checkouts: z.number().int().min(1).max(100).default(5) }),
  z.strictObject({ kind: z.literal('sqlite-memory-story') }),
  /** Cut the connection's SSH tunnel (every forwarded session dies at once); it reconnects by itself. */
  z.strictObject({ kind: z.literal('drop-tunnel') }),
]);
export type Fault = z.output<typeof faultSchema>;

/** Faults that kill or re-time sessions on the server: on a production connection they need the server named to confirm. */
export const SERVER_FAULTS: ReadonlySet<Fault['kind']> = new Set(['kill-idle', 'idle-timeout', 'clear-idle-timeout']);

/** The server a fault would touch, as the confirmation asks for it: the socket path or the host name. */
export function faultServerName(p: { host?: string | undefined; socket?: string | undefined }): string {
  return p.socket || p.host || '127.0.0.1';
}

/** Does this fault on this connection still need the server named (production, a fault on server sessions)? */
export function faultNeedsConfirmation(p: { service: { environment: string }; host?: string | undefined; socket?: string | undefined }, fault: Fault, confirmServer: string | undefined): boolean {
  return p.service.environment === 'production' && SERVER_FAULTS.has(fault.kind) && (confirmServer ?? '').trim() !== faultServerName(p);
}

export interface LoadSamplePoint {
  /** Seconds since the run started. */
  t: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  checkedOut: number;
  waiting: number;
  open: number;
}

export interface LoadRunSummaryDto {
  runId: string;
  connectionId: string;
  startedAt: number;
  finishedAt: number | null;
  state: 'running' | 'stopping' | 'done' | 'stopped' | 'failed';
  stateReason?: string;
  scenario: Scenario;
  className: PoolClassName;
  settings: PoolSettingsDto;
  completed: number;
  errors: number;
  errorsByKind: Record<string, number>;
  throughput: number;
  latency: LatencyDto;
  peakCheckedOut: number;
  peakWaiting: number;
  peakOpen: number;
}

export interface LoadRunDto extends LoadRunSummaryDto {
  series: LoadSamplePoint[];
  /** The last distinct error messages, as the driver or the pool wrote them. */
  sampleErrors: Array<{ kind: string; message: string; count: number }>;
}

export interface FaultStep {
  label: string;
  ok: boolean;
  detail: string;
}

export interface FaultResultDto {
  kind: Fault['kind'];
  summary: string;
  steps: FaultStep[];
  /** What a Python service with these settings would have seen, when that differs from what Poolscope saw. */
  serviceView?: string;
  counters?: { prePingFailures: number; invalidations: number; recycles: number; errors: number };
}
