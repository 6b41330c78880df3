import type { CheckResult } from '../../shared/checks';
import type { Fact, FactName, FactValue, Product, ServerFacts } from '../../shared/facts';
import { parseProfile, type ProfileData, type ProfileInput } from '../../shared/profile';
import { evaluateChecks } from './evaluate';
import type { Rule } from './rule';

/**
 * Fact fixtures for the unit tests: a healthy server of each kind, with any fact replaced or made
 * unknown (null). Only tests import this file.
 */
type Overrides = Partial<Record<FactName, FactValue | null>>;

const MEASURED_AT = '2026-11-24T10:00:00.000Z';

function build(base: Overrides, overrides: Overrides): ServerFacts['facts'] {
  const facts: ServerFacts['facts'] = {};
  for (const [name, value] of Object.entries({ ...base, ...overrides }) as Array<[FactName, FactValue | null]>) {
    const f: Fact = value === null ? { value: null, source: 'fixture', measured: false, unknown: 'permission denied (fixture)' } : { value, source: 'fixture', measured: true };
    facts[name] = f;
  }
  return facts;
}

export function mysqlFacts(overrides: Overrides = {}, opts: { product?: Product; version?: string } = {}): ServerFacts {
  const product = opts.product ?? 'mariadb';
  const version = opts.version ?? '10.11.19';
  return {
    family: 'mysql',
    product,
    version,
    versionText: product === 'mariadb' ? `${version}-MariaDB` : version,
    target: 'db:3306/app',
    measuredAt: MEASURED_AT,
    facts: build(
      {
        wait_timeout: 28800,
        interactive_timeout: 28800,
        max_connections: 151,
        max_user_connections: 0,
        account_max_connections: 0,
        Max_used_connections: 10,
        Aborted_connects: 1,
        Connections: 500,
        Threads_connected: 3,
        character_set_server: 'utf8mb4',
        collation_server: 'utf8mb4_general_ci',
        character_set_connection: 'utf8mb4',
        collation_connection: 'utf8mb4_general_ci',
        transaction_isolation: 'REPEATABLE READ',
        binlog_format: 'MIXED',
        auth_plugin: 'mysql_native_password',
        net_read_timeout: 30,
        max_allowed_packet: 16777216,
        tls: false,
      },
      overrides,
    ),
  };
}

export function pgFacts(overrides: Overrides = {}, version = '15.20'): ServerFacts {
  return {
    family: 'postgresql',
    product: 'postgresql',
    version,
    versionText: `PostgreSQL ${version}`,
    target: 'db:5432/app',
    measuredAt: MEASURED_AT,
    facts: build(
      {
        max_connections: 100,
        superuser_reserved_connections: 3,
        reserved_connections: 0,
        sessions: 6,
        idle_session_timeout: 0,
        idle_in_transaction_session_timeout: 0,
        statement_timeout: 0,
        tcp_keepalives_idle: 7200,
        tcp_keepalives_interval: 75,
        tcp_keepalives_count: 9,
        server_encoding: 'UTF8',
        default_transaction_isolation: 'READ COMMITTED',
        tls: false,
        role_connection_limit: -1,
        database_connection_limit: -1,
        'pooler.present': false,
        'pooler.evidence': 'backend key = pg_backend_pid() = 42',
      },
      overrides,
    ),
  };
}

/** PostgreSQL behind PgBouncer; pool_mode as given (null: the admin console was not readable). */
export function pgBouncerFacts(mode: 'transaction' | 'session' | 'statement' | null, overrides: Overrides = {}): ServerFacts {
  return pgFacts({
    'pooler.present': true,
    'pooler.evidence': 'backend key 1836234813 ≠ pg_backend_pid() 19689',
    'pooler.product': mode === null ? null : 'PgBouncer 1.18.0',
    'pooler.pool_mode': mode,
    'pooler.max_client_conn': mode === null ? null : 100,
    'pooler.default_pool_size': mode === null ? null : 20,
    'pooler.client_idle_timeout': mode === null ? null : 0,
    ...overrides,
  });
}

export function sqliteFacts(memory: boolean, overrides: Overrides = {}): ServerFacts {
  return {
    family: 'sqlite',
    product: 'sqlite',
    version: '3.45.1',
    versionText: '3.45.1',
    target: memory ? ':memory:' : '/srv/app.db',
    measuredAt: MEASURED_AT,
    facts: build({ in_memory: memory, journal_mode: memory ? 'memory' : 'delete', busy_timeout: 5000, foreign_keys: false }, overrides),
  };
}

type ProfileOverrides = Omit<Partial<ProfileInput>, 'pool' | 'service'> & { pool?: Partial<ProfileInput['pool']>; service?: Partial<ProfileInput['service']> };

export function profileFor(backend: ProfileData['backend'], overrides: ProfileOverrides = {}): ProfileData {
  const base: ProfileInput =
    backend === 'sqlite'
      ? { name: 'fixture', backend, database: ':memory:' }
      : { name: 'fixture', backend, host: '127.0.0.1', port: backend === 'postgresql' ? 5432 : 3306, user: 'app', database: 'app' };
  return parseProfile({ ...base, ...overrides, pool: { ...(overrides.pool ?? {}) }, service: { ...(overrides.service ?? {}) } });
}

/** One rule's result for a profile and facts, or undefined when the rule does not apply. */
export function runRule(rule: Rule, profile: ProfileData, facts: ServerFacts): CheckResult | undefined {
  return evaluateChecks(profile, facts, [rule]).checks[0];
}
