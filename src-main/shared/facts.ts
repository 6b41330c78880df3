import type { BackendFamily } from './backends';

/**
 * What Poolscope measured on a server, one named fact at a time. Every fact is either a value
 * with the place it came from, or `null` with the reason it is unknown (a missing privilege, a
 * variable the server version does not have): collecting never fails because one fact is missing.
 */
export type FactValue = string | number | boolean;

export interface Fact {
  value: FactValue | null;
  /** Where the value came from, e.g. `SHOW VARIABLES` or `pg_settings`. */
  source: string;
  /** False for documented defaults that cannot be measured from here (per-connection driver settings). */
  measured: boolean;
  /** Why the value is unknown; present exactly when `value` is null. */
  unknown?: string;
}

export const PRODUCTS = ['postgresql', 'mysql', 'mariadb', 'sqlite'] as const;
export type Product = (typeof PRODUCTS)[number];

export const POOL_MODES = ['session', 'transaction', 'statement'] as const;
export type PoolMode = (typeof POOL_MODES)[number];

/** Fact names with the unit their numbers are in, so the UI and the reasons print them right. */
export const FACT_INFO = {
  // MySQL / MariaDB
  wait_timeout: { label: 'wait_timeout', unit: 's' },
  interactive_timeout: { label: 'interactive_timeout', unit: 's' },
  max_connections: { label: 'max_connections', unit: '' },
  max_user_connections: { label: 'max_user_connections (global)', unit: '' },
  account_max_connections: { label: 'MAX_USER_CONNECTIONS of this account', unit: '' },
  Max_used_connections: { label: 'Max_used_connections', unit: '' },
  Aborted_connects: { label: 'Aborted_connects', unit: '' },
  Connections: { label: 'Connections', unit: '' },
  Threads_connected: { label: 'Threads_connected', unit: '' },
  character_set_server: { label: 'character_set_server', unit: '' },
  collation_server: { label: 'collation_server', unit: '' },
  character_set_connection: { label: 'character_set_connection (this session)', unit: '' },
  collation_connection: { label: 'collation_connection (this session)', unit: '' },
  transaction_isolation: { label: 'transaction isolation (server default)', unit: '' },
  binlog_format: { label: 'binlog_format', unit: '' },
  log_bin: { label: 'log_bin (binary logging on)', unit: '' },
  auth_plugin: { label: 'authentication plugin of this user', unit: '' },
  net_read_timeout: { label: 'net_read_timeout', unit: 's' },
  max_allowed_packet: { label: 'max_allowed_packet', unit: 'bytes' },
  // PostgreSQL
  superuser_reserved_connections: { label: 'superuser_reserved_connections', unit: '' },
  reserved_connections: { label: 'reserved_connections', unit: '' },
  sessions: { label: 'client sessions now (including this one)', unit: '' },
  idle_session_timeout: { label: 'idle_session_timeout', unit: 'ms' },
  idle_in_transaction_session_timeout: { label: 'idle_in_transaction_session_timeout', unit: 'ms' },
  statement_timeout: { label: 'statement_timeout', unit: 'ms' },
  tcp_keepalives_idle: { label: 'tcp_keepalives_idle', unit: 's' },
  tcp_keepalives_interval: { label: 'tcp_keepalives_interval', unit: 's' },
  tcp_keepalives_count: { label: 'tcp_keepalives_count', unit: '' },
  server_encoding: { label: 'server_encoding', unit: '' },
  default_transaction_isolation: { label: 'default_transaction_isolation', unit: '' },
  role_connection_limit: { label: 'connection limit of this role', unit: '' },
  database_connection_limit: { label: 'connection limit of this database', unit: '' },
  'pooler.present': { label: 'connection pooler in between', unit: '' },
  'pooler.evidence': { label: 'how the pooler was detected', unit: '' },
  'pooler.product': { label: 'pooler product', unit: '' },
  'pooler.pool_mode': { label: 'pooler pool_mode', unit: '' },
  'pooler.max_client_conn': { label: 'pooler max_client_conn', unit: '' },
  'pooler.default_pool_size': { label: 'pooler default_pool_size', unit: '' },
  'pooler.client_idle_timeout': { label: 'pooler client_idle_timeout', unit: 's' },
  'pooler.max_prepared_statements': { label: 'pooler max_prepared_statements', unit: '' },
  // Both network families
  tls: { label: 'TLS on this session', unit: '' },
  other_sessions: { label: "other applications' sessions (steady state of several samples)", unit: '' },
  own_sessions: { label: "Poolscope's own sessions (not counted)", unit: '' },
  service_sessions: { label: "the service's own sessions (not counted)", unit: '' },
  session_breakdown: { label: 'sessions per application · user@client', unit: '' },
  // SQLite
  journal_mode: { label: 'journal_mode', unit: '' },
  busy_timeout: { label: 'busy_timeout', unit: 'ms' },
  foreign_keys: { label: 'foreign_keys', unit: '' },
  in_memory: { label: 'in-memory database', unit: '' },
} as const satisfies Record<string, { label: string; unit: '' | 's' | 'ms' | 'bytes' }>;

export type FactName = keyof typeof FACT_INFO;

export interface ServerFacts {
  family: BackendFamily;
  /** What the server says it is (MariaDB behind a `mysql://` URL is `mariadb`). */
  product: Product;
  /** Dotted version, e.g. `10.11.19`; empty when unknown. */
  version: string;
  /** The server's own version text, e.g. `10.11.19-MariaDB-0+deb12u1`. */
  versionText: string;
  /** Where the facts were measured (`host:port/db`, a socket or a file), never with a password. */
  target: string;
  /** The SSH route the facts were measured through (`user@bastion:22 → db:5432`); absent when direct. */
  via?: string;
  measuredAt: string;
  facts: Partial<Record<FactName, Fact>>;
}

/** A fact's value when it is known and of the wanted type; undefined otherwise. */
export function factNumber(facts: ServerFacts | null | undefined, name: FactName): number | undefined {
  const v = facts?.facts[name]?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function factString(facts: ServerFacts | null | undefined, name: FactName): string | undefined {
  const v = facts?.facts[name]?.value;
  return typeof v === 'string' ? v : undefined;
}

export function factBoolean(facts: ServerFacts | null | undefined, name: FactName): boolean | undefined {
  const v = facts?.facts[name]?.value;
  return typeof v === 'boolean' ? v : undefined;
}

/** A fact value for people: units, on/off, and "unknown (why)". */
export function formatFact(name: FactName, fact: Fact | undefined): string {
  if (!fact) return 'not collected';
  if (fact.value === null) return `unknown (${fact.unknown ?? 'no reason given'})`;
  return formatValue(name, fact.value);
}

export function formatValue(name: FactName, value: FactValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const unit = FACT_INFO[name].unit;
  if (typeof value === 'number') {
    if (unit === 'bytes') return `${value} (${(value / 1024 / 1024).toFixed(value % 1048576 === 0 ? 0 : 1)} MiB)`;
    return unit ? `${value} ${unit}` : String(value);
  }
  return value;
}

export const PRODUCT_LABELS: Record<Product, string> = {
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  sqlite: 'SQLite',
};
