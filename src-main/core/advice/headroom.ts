import type { Evidence } from '../../shared/advice';
import { factBoolean, factNumber, type ServerFacts } from '../../shared/facts';
import type { ServerHeadroom } from '../../shared/pool-sizing';
import { factEvidence } from './evidence';

/**
 * MySQLTuner flags connection usage above 85% of max_connections; postgresqltuner warns above 70%.
 * Neither rates PgBouncer's max_client_conn: for it Poolscope borrows MySQLTuner's 85% (client slots
 * on the pooler are cheap; postgresqltuner's 70% is about PostgreSQL backends, one process each).
 */
export const USAGE_TARGET = { mysql: 0.85, postgresql: 0.7, pgbouncer: 0.85 } as const;

/** Where each target comes from, as the reasons and checks name it. */
export const USAGE_TARGET_SOURCE = {
  mysql: 'MySQLTuner',
  postgresql: 'postgresqltuner',
  pgbouncer: "MySQLTuner's mark, borrowed: no tuner rates max_client_conn",
} as const satisfies Record<keyof typeof USAGE_TARGET, string>;

export interface HeadroomReading {
  headroom?: ServerHeadroom;
  /** The facts it rests on, for reasons and check evidence. */
  evidence: Evidence[];
  /** Why there is no headroom, when there is none. */
  missing?: string;
  /** True when the limit is the pooler's client limit rather than the server's. */
  viaPooler: boolean;
}

/** The smallest positive limit; -1 and 0 mean "no limit" for these settings. */
function tighter(...limits: Array<number | undefined>): number | undefined {
  const set = limits.filter((n): n is number => n !== undefined && n > 0);
  return set.length ? Math.min(...set) : undefined;
}

/** What the server has left for this service, from the measured facts. */
export function headroomOf(facts: ServerFacts | null): HeadroomReading {
  if (!facts || facts.family === 'sqlite') return { evidence: [], missing: facts ? 'SQLite has no connection limit' : 'the server has not been checked yet', viaPooler: false };
  if (facts.family === 'postgresql' && factBoolean(facts, 'pooler.present')) {
    const maxClient = factNumber(facts, 'pooler.max_client_conn');
    const evidence = [factEvidence(facts, 'pooler.max_client_conn')];
    if (maxClient === undefined) return { evidence, missing: 'the pooler\'s max_client_conn could not be read', viaPooler: true };
    return {
      headroom: { maxConnections: maxClient, reserved: 0, otherSessions: 0, target: USAGE_TARGET.pgbouncer, targetSource: USAGE_TARGET_SOURCE.pgbouncer, limitName: 'max_client_conn' },
      evidence,
      viaPooler: true,
    };
  }
  const max = factNumber(facts, 'max_connections');
  if (facts.family === 'postgresql') {
    const su = factNumber(facts, 'superuser_reserved_connections');
    const res = factNumber(facts, 'reserved_connections') ?? 0;
    const sessions = factNumber(facts, 'sessions');
    const evidence = (['max_connections', 'superuser_reserved_connections', 'reserved_connections', 'other_sessions', 'own_sessions', 'service_sessions', 'session_breakdown', 'role_connection_limit', 'database_connection_limit'] as const).map((n) => factEvidence(facts, n));
    if (max === undefined || su === undefined || sessions === undefined) return { evidence, missing: 'max_connections, superuser_reserved_connections or the session count could not be read', viaPooler: false };
    const accountLimit = tighter(factNumber(facts, 'role_connection_limit'), factNumber(facts, 'database_connection_limit'));
    return {
      headroom: { maxConnections: max, reserved: su + res, otherSessions: othersOf(facts, sessions), target: USAGE_TARGET.postgresql, targetSource: USAGE_TARGET_SOURCE.postgresql, ...(accountLimit ? { accountLimit } : {}) },
      evidence,
      viaPooler: false,
    };
  }
  const threads = factNumber(facts, 'Threads_connected');
  const evidence = (['max_connections', 'other_sessions', 'own_sessions', 'session_breakdown', 'Threads_connected', 'Max_used_connections', 'max_user_connections', 'account_max_connections'] as const).map((n) => factEvidence(facts, n));
  if (max === undefined || threads === undefined) return { evidence, missing: 'max_connections or Threads_connected could not be read', viaPooler: false };
  const accountLimit = tighter(factNumber(facts, 'max_user_connections'), factNumber(facts, 'account_max_connections'));
  return {
    // MySQL keeps one connection beyond max_connections for an administrator, so nothing is subtracted for it.
    headroom: { maxConnections: max, reserved: 0, otherSessions: othersOf(facts, threads), target: USAGE_TARGET.mysql, targetSource: USAGE_TARGET_SOURCE.mysql, ...(accountLimit ? { accountLimit } : {}) },
    evidence,
    viaPooler: false,
  };
}

/**
 * Other applications' sessions: the sampled steady state without Poolscope's own and the service's
 * own sessions (sessions.facts.ts); runs stored before it existed fall back to the one count less this reading.
 */
function othersOf(facts: ServerFacts, count: number): number {
  return factNumber(facts, 'other_sessions') ?? Math.max(0, count - 1);
}
