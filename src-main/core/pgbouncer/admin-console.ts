import { POOL_MODES, type PoolMode } from '../../shared/facts';
import type { DriverConnection } from '../drivers/types';
import { attempt, toNumber } from '../checks/facts/fact';

/** What PgBouncer's admin console (the database "pgbouncer") says, or why it said nothing. */
export interface AdminConsole {
  /** SHOW VERSION answered and names PgBouncer. */
  confirmed: boolean;
  /** SHOW VERSION, e.g. "PgBouncer 1.18.0". */
  version?: string;
  poolMode?: PoolMode;
  /** Which statement the pool_mode came from. */
  poolModeSource?: string;
  /** Numeric SHOW CONFIG values (max_client_conn, default_pool_size, client_idle_timeout, max_prepared_statements …). */
  config: Map<string, number>;
  /** Why something is missing: a refused login, a failed statement, not reported. */
  reason: string;
}

export interface AdminConsoleAccess {
  /** Logs in to the database "pgbouncer" with the same credentials. */
  connect(): Promise<DriverConnection>;
  /** Runs one statement; the connection test passes its own, with its deadline and cancel. */
  query?<R>(conn: DriverConnection, sql: string): Promise<R[]>;
  /** The pool of interest: our database and user. */
  database: string;
  user: string | undefined;
}

/**
 * Reads the console: SHOW VERSION, then pool_mode from the most specific place that has it
 * (SHOW CONFIG, then the database entry, then the live pool of our database and user). The
 * console speaks only the simple query protocol, so there are no parameters. Never throws.
 */
export async function readAdminConsole(access: AdminConsoleAccess): Promise<AdminConsole> {
  const result: AdminConsole = { confirmed: false, config: new Map(), reason: 'the admin console was not tried' };
  const run = <R>(conn: DriverConnection, sql: string) => attempt(() => (access.query ? access.query<R>(conn, sql) : conn.query<R>(sql).then((r) => r.rows)));
  let admin: DriverConnection;
  try {
    admin = await access.connect();
  } catch (err) {
    result.reason = `the admin console refused this user (${(err as Error).message.split('\n')[0]}); add it to admin_users or stats_users to read pool_mode`;
    return result;
  }
  try {
    const version = await run<{ version: string }>(admin, 'SHOW VERSION');
    if (!version.ok || !/pgbouncer/i.test(String(version.value[0]?.version ?? ''))) {
      result.reason = version.ok ? 'the "pgbouncer" database is not a PgBouncer admin console' : version.reason;
      return result;
    }
    result.confirmed = true;
    result.version = String(version.value[0]!.version);
    result.reason = 'not reported by the admin console';
    const config = await run<{ key: string; value: string }>(admin, 'SHOW CONFIG');
    if (config.ok) {
      for (const row of config.value) {
        const n = toNumber(row.value);
        if (n !== undefined) result.config.set(row.key, n);
        if (row.key === 'pool_mode') setMode(result, row.value, 'SHOW CONFIG pool_mode');
      }
    }
    const dbs = await run<{ name: string; pool_mode: string | null }>(admin, 'SHOW DATABASES');
    if (dbs.ok) setMode(result, dbs.value.find((r) => r.name === access.database)?.pool_mode, `SHOW DATABASES pool_mode for ${access.database}`);
    const pools = await run<{ database: string; user: string; pool_mode: string | null }>(admin, 'SHOW POOLS');
    if (pools.ok) {
      const ours = pools.value.find((r) => r.database === access.database && (access.user === undefined || r.user === access.user));
      setMode(result, ours?.pool_mode, `SHOW POOLS pool_mode for ${access.database}/${access.user ?? ''}`);
    }
    return result;
  } finally {
    await admin.close();
  }
}

/** A later, more specific source overrides an earlier one; an empty or unknown value does not. */
function setMode(result: AdminConsole, value: unknown, source: string): void {
  if (typeof value !== 'string' || !(POOL_MODES as readonly string[]).includes(value)) return;
  result.poolMode = value as PoolMode;
  result.poolModeSource = source;
}
