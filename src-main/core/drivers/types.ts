import type { Backend, BackendFamily } from '../../shared/backends';
import type { ProfileData } from '../../shared/profile';

export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

/**
 * One raw connection to a server (a pg Client, a mysql2 connection, a better-sqlite3 database).
 * Poolscope's pools are built over these, never over the drivers' own pools, so they can
 * reproduce SQLAlchemy's pool semantics exactly.
 */
export interface DriverConnection {
  readonly backend: Backend;
  /** The server's id for this session: PostgreSQL backend pid, MySQL thread id; null for SQLite. */
  readonly sessionId: string | null;
  /** True once the driver reported a fatal error (the server or the network dropped the session). */
  readonly broken: boolean;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
  /**
   * The same query, answered synchronously: only an in-process driver (better-sqlite3) has it.
   * The pool calls it instead of query() to spare the promise turns the answer does not need.
   */
  querySync?<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): QueryResult<R>;
  /**
   * The same query with a completion callback, for a driver whose own API is callbacks (mysql2):
   * the pool wraps it in the one promise its caller awaits instead of a promise per layer.
   */
  queryCallback?<R = Record<string, unknown>>(sql: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined, done: (err: unknown, result?: QueryResult<R>) => void): void;
  /** A cheap round trip that fails when the session is gone (COM_PING on MySQL, SELECT 1 elsewhere). */
  ping(): Promise<void>;
  /**
   * What the Python driver's dbapi rollback()/commit() does when SQLAlchemy's pool resets a
   * returned connection: ends the open transaction. Returns null when the driver knows no
   * transaction is open and, like the Python driver, sends nothing (asyncpg and pysqlite skip
   * it; aiomysql always sends it).
   */
  endTransaction(action: 'rollback' | 'commit'): Promise<unknown> | null;
  /** Graceful close; never rejects (a close that fails falls back to destroy). */
  close(): Promise<void>;
  /** Immediate teardown, for sessions already known to be dead. */
  destroy(): void;
  /**
   * Errors the driver raises while the connection sits idle (server terminated the session,
   * network reset). Every driver error event has a listener from the moment the connection
   * exists, so a dead session can never crash the process.
   */
  onError(listener: (err: Error) => void): () => void;
}

export interface QueryOptions {
  /**
   * The statement comes from a person (the load lab): the driver must refuse more than one
   * statement (PostgreSQL extended protocol; MySQL runs without multipleStatements anyway;
   * better-sqlite3 prepares exactly one) and SQLite must refuse a statement that writes.
   */
  untrusted?: boolean;
  /**
   * Each row as an array of its values in column order (pg's rowMode 'array', mysql2's rowsAsArray,
   * better-sqlite3's raw()): cheaper to decode for wide results such as a catalog's 20,000 columns.
   */
  arrays?: boolean;
}

/**
 * Secrets besides the login password that a connection needs, taken from the connection's saved
 * secret parameters (connections/connect-secrets.ts) and never from the profile the page sees.
 */
export interface ConnectSecrets {
  /** The client key's passphrase: libpq/asyncpg's sslpassword, PyMySQL's ssl_key_password. */
  tlsKeyPassphrase?: string;
}

export interface ConnectSpec extends ConnectSecrets {
  profile: ProfileData;
  password?: string;
  /** Tags the session (PostgreSQL application_name, MySQL connection attribute) so it can be counted on the server. */
  applicationName?: string;
  /** Overrides the profile's connect timeout, in milliseconds. */
  connectTimeoutMs?: number;
  /**
   * Handle transactions as the Python driver SQLAlchemy runs over does, for pool connections: on
   * SQLite, pysqlite's legacy handling (aiosqlite), which opens a transaction before
   * INSERT/UPDATE/DELETE/REPLACE and never before a SELECT, so the pool's reset rolls that work back.
   */
  pythonTransactions?: boolean;
  /** PostgreSQL: the Python driver's statement behaviour (drivers/wire.ts), shared and switchable at run time. */
  wire?: import('./wire').WireSettings;
  /** better-sqlite3 addon for this runtime, when it is not the default one. */
  nativeBinding?: string;
}

export interface Driver {
  readonly family: BackendFamily;
  connect(spec: ConnectSpec): Promise<DriverConnection>;
  /** Does this error mean the session is gone (SQLAlchemy's dialect.is_disconnect)? */
  isDisconnect(err: unknown): boolean;
}

export function errorCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : typeof c === 'number' ? String(c) : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
