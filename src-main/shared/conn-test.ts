import type { Backend } from './backends';
import type { HostKeyFacts, SshFailureKind, SshSecretNeed } from './ssh';

/**
 * The staged connection test as both sides see it: which stages ran, how long each took, what
 * the server turned out to be, and, on failure, what kind of failure it was and what to do.
 */

export const STAGE_IDS = ['ssh', 'resolve', 'tcp', 'tls', 'auth', 'query', 'file', 'open'] as const;
export type StageId = (typeof STAGE_IDS)[number];

export const STAGE_LABELS: Record<StageId, string> = {
  ssh: 'SSH tunnel',
  resolve: 'Resolve host',
  tcp: 'TCP connect',
  tls: 'TLS',
  auth: 'Authenticate',
  query: 'First query',
  file: 'Database file',
  open: 'Open',
};

/** The stages a backend family goes through, in order. */
export const NETWORK_STAGES: readonly StageId[] = ['resolve', 'tcp', 'tls', 'auth', 'query'];
export const SQLITE_STAGES: readonly StageId[] = ['file', 'open', 'query'];

export type StageStatus = 'pending' | 'running' | 'ok' | 'warn' | 'failed' | 'skipped' | 'cancelled';

export interface StageResult {
  id: StageId;
  label: string;
  status: StageStatus;
  /** Wall time of the stage in milliseconds, once it ended. */
  ms?: number;
  /** What the stage found, in a few words ("127.0.0.1", "not offered by the server", "SCRAM-SHA-256"). */
  detail?: string;
}

export const FAILURE_KINDS = [
  'refused',
  'unknown-host',
  'unreachable',
  'timeout',
  'auth-failed',
  'unknown-database',
  'permission-denied',
  'tls',
  'wrong-protocol',
  'server-rejected',
  'file-missing',
  'not-a-database',
  'cancelled',
  'other',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface TestFailure {
  kind: FailureKind;
  /** The stage that failed. */
  stage: StageId;
  /** A short headline ("Authentication failed"). */
  title: string;
  /** What happened, naming the value that was wrong (never a password). */
  message: string;
  /** What to do next. */
  hint: string;
  /** The server's or the driver's code (28P01, 1045, ECONNREFUSED …). */
  code?: string;
  /** An SSH failure: its own kind (host-key-unknown, forwarding-refused …), the hop (0 = first) and, for host keys, the facts to show. */
  ssh?: { kind: SshFailureKind; hop: number; hostKey?: HostKeyFacts; secret?: SshSecretNeed };
}

export type TlsState = 'in use' | 'not used' | 'not offered' | 'not applicable' | 'unknown';

export interface PoolerFacts {
  detected: boolean;
  product?: string;
  version?: string;
  /** PgBouncer's pool_mode for this database and user, when its admin console answered. */
  poolMode?: string;
  /** Each observation, stated as what was compared. */
  evidence: string[];
}

export interface ServerFacts {
  /** PostgreSQL, MariaDB, MySQL or SQLite. */
  product: string;
  /** The exact version, e.g. "15.20" or "10.11.19". */
  version: string;
  /** The full version string the server reported. */
  versionString: string;
  /** How this session authenticated: PostgreSQL's AuthenticationRequest, MySQL's plugins. */
  auth?: { method: string; detail?: string };
  tls: { state: TlsState; detail?: string };
  /** Round-trip time: median of several pings. */
  latency?: { medianMs: number; samplesMs: number[] };
  pooler?: PoolerFacts;
  sessionId?: string;
  user?: string;
  database?: string;
}

export interface TestReport {
  testId: string;
  connectionId?: string;
  backend: Backend;
  /** Where the test went (host:port/db, socket or file). */
  target: string;
  startedAt: string;
  totalMs: number;
  ok: boolean;
  cancelled: boolean;
  stages: StageResult[];
  facts?: ServerFacts;
  failure?: TestFailure;
  /** Things worth knowing that did not fail the test. */
  warnings: string[];
  /**
   * The saved backend does not match the server the test met (a mysql+aiomysql:// connection that
   * reaches MariaDB): the one-click fix sets it, so checks, matrix and export follow the real server.
   */
  backendFix?: { backend: Backend; summary: string };
}

/** Pushed while a test runs: one message per stage change. */
export interface TestProgress {
  testId: string;
  connectionId?: string;
  stage: StageResult;
}

export function initialStages(ids: readonly StageId[]): StageResult[] {
  return ids.map((id) => ({ id, label: STAGE_LABELS[id], status: 'pending' as const }));
}

/**
 * The last finished test of a saved connection, kept in the app store (never its messages: only
 * the outcome, where it failed and the failure's short title). `stale`: the profile now points
 * elsewhere (host, port, socket, database, user, backend or SSH changed) than when it was tested.
 */
export interface LastTest {
  ok: boolean;
  at: string;
  totalMs: number;
  stale: boolean;
  failure?: { stage: StageId; stageLabel: string; kind: FailureKind; title: string };
}

/** The sidebar state of a connection. */
export type TestState = 'ok' | 'failed' | 'untested' | 'stale';

export function testState(last: LastTest | undefined): TestState {
  if (!last) return 'untested';
  if (last.stale) return 'stale';
  return last.ok ? 'ok' : 'failed';
}
