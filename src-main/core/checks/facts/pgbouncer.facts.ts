import { POOL_MODES, type PoolMode } from '../../../shared/facts';
import type { DriverConnection } from '../../drivers/types';
import { attempt, known, toNumber, unknown, type FactMap } from './fact';

export interface PoolerProbe {
  /** The backend key the client received at start-up (pg's processID). */
  sessionId: string | null;
  /** pg_backend_pid() of the server session that ran our query. */
  backendPid: number | null;
  /** pg_backend_pid() again, in a later transaction. */
  secondPid: number | null;
  /** inet_server_port(): the port of the server session; null over a unix socket. */
  serverPort: number | null;
  /** The port the profile dialled; undefined over a socket. */
  dialledPort: number | undefined;
  database: string;
  user: string | undefined;
  /** Opens a connection to the admin console (database "pgbouncer") with the same credentials. */
  connectAdmin(): Promise<DriverConnection>;
}

const SRC = 'backend key vs pg_backend_pid(), inet_server_port() vs the dialled port';
const ADMIN = 'PgBouncer admin console (database pgbouncer)';

/**
 * Is a connection pooler between us and PostgreSQL? Without admin rights the backend key tells
 * (a pooler hands out its own key, so it differs from pg_backend_pid()); a differing
 * inet_server_port() alone may just be a port mapping. With admin rights the console names the
 * product and the pool_mode. The console is only tried when the key says there is a pooler, so a
 * plain server never sees a login attempt on a database called "pgbouncer".
 */
export async function detectPooler(p: PoolerProbe): Promise<FactMap> {
  const facts: FactMap = {};
  const keyDiffers = p.sessionId !== null && p.backendPid !== null && Number(p.sessionId) !== p.backendPid;
  const portDiffers = p.serverPort !== null && p.dialledPort !== undefined && p.serverPort !== p.dialledPort;
  const pidMoved = p.backendPid !== null && p.secondPid !== null && p.backendPid !== p.secondPid;
  const evidence: string[] = [];
  if (p.sessionId !== null && p.backendPid !== null) {
    evidence.push(keyDiffers ? `backend key ${p.sessionId} ≠ pg_backend_pid() ${p.backendPid}` : `backend key = pg_backend_pid() = ${p.backendPid}`);
  }
  if (p.serverPort !== null && p.dialledPort !== undefined) {
    evidence.push(portDiffers ? `inet_server_port() ${p.serverPort} ≠ dialled port ${p.dialledPort}` : `inet_server_port() = dialled port ${p.dialledPort}`);
  }
  if (pidMoved) evidence.push(`pg_backend_pid() changed between transactions (${p.backendPid} → ${p.secondPid}): transaction pooling`);

  if (!keyDiffers && !pidMoved) {
    if (p.sessionId === null || p.backendPid === null) {
      facts['pooler.present'] = unknown('the backend key or pg_backend_pid() could not be read', SRC);
    } else {
      facts['pooler.present'] = known(false, SRC);
      // A pooler answers cancel requests itself, so it always hands out its own key; a matching key with another port is a port mapping or TCP proxy.
      if (portDiffers) evidence.push('the backend key matches, so this is a port mapping or TCP proxy, not a pooler');
    }
    facts['pooler.evidence'] = known(evidence.join('; ') || 'nothing to compare', SRC);
    return facts;
  }

  const admin = await readAdminConsole(p);
  facts['pooler.present'] = known(true, admin.confirmed ? ADMIN : SRC);
  if (admin.confirmed) evidence.push(`admin console: ${admin.version}`);
  facts['pooler.evidence'] = known(evidence.join('; '), SRC);

  facts['pooler.product'] = admin.confirmed ? known(admin.version!, `SHOW VERSION on the ${ADMIN}`) : unknown(admin.reason, ADMIN);
  if (admin.poolMode) facts['pooler.pool_mode'] = known(admin.poolMode, admin.poolModeSource!);
  else if (pidMoved) facts['pooler.pool_mode'] = known('transaction', 'inferred: pg_backend_pid() changed between transactions', false);
  else facts['pooler.pool_mode'] = unknown(admin.reason, ADMIN);
  for (const [name, key] of [
    ['pooler.max_client_conn', 'max_client_conn'],
    ['pooler.default_pool_size', 'default_pool_size'],
    ['pooler.client_idle_timeout', 'client_idle_timeout'],
  ] as const) {
    const v = admin.config.get(key);
    facts[name] = v === undefined ? unknown(admin.reason, ADMIN) : known(v, `SHOW CONFIG on the ${ADMIN}`);
  }
  return facts;
}

interface AdminResult {
  confirmed: boolean;
  version?: string;
  poolMode?: PoolMode;
  poolModeSource?: string;
  config: Map<string, number>;
  reason: string;
}

async function readAdminConsole(p: PoolerProbe): Promise<AdminResult> {
  const result: AdminResult = { confirmed: false, config: new Map(), reason: 'the admin console was not tried' };
  let admin: DriverConnection;
  try {
    admin = await p.connectAdmin();
  } catch (err) {
    result.reason = `the admin console refused this user (${(err as Error).message.split('\n')[0]}); add it to admin_users or stats_users to read pool_mode`;
    return result;
  }
  try {
    // The console speaks only the simple query protocol: no parameters here.
    const version = await attempt(() => admin.query<{ version: string }>('SHOW VERSION'));
    if (!version.ok || !/pgbouncer/i.test(String(version.value.rows[0]?.version ?? ''))) {
      result.reason = version.ok ? 'the "pgbouncer" database is not a PgBouncer admin console' : version.reason;
      return result;
    }
    result.confirmed = true;
    result.version = String(version.value.rows[0]!.version);
    result.reason = 'not reported by the admin console';
    let mode: PoolMode | undefined;
    const config = await attempt(() => admin.query<{ key: string; value: string }>('SHOW CONFIG'));
    if (config.ok) {
      for (const row of config.value.rows) {
        const n = toNumber(row.value);
        if (n !== undefined) result.config.set(row.key, n);
        if (row.key === 'pool_mode' && isPoolMode(row.value)) {
          mode = row.value;
          result.poolModeSource = 'SHOW CONFIG pool_mode';
        }
      }
    }
    // A database entry or the live pool may override the global pool_mode: the most specific wins.
    const dbs = await attempt(() => admin.query<{ name: string; pool_mode: string | null }>('SHOW DATABASES'));
    const dbMode = dbs.ok ? dbs.value.rows.find((r) => r.name === p.database)?.pool_mode : undefined;
    if (dbMode && isPoolMode(dbMode)) {
      mode = dbMode;
      result.poolModeSource = `SHOW DATABASES pool_mode for ${p.database}`;
    }
    const pools = await attempt(() => admin.query<{ database: string; user: string; pool_mode: string | null }>('SHOW POOLS'));
    const poolMode = pools.ok ? pools.value.rows.find((r) => r.database === p.database && (p.user === undefined || r.user === p.user))?.pool_mode : undefined;
    if (poolMode && isPoolMode(poolMode)) {
      mode = poolMode;
      result.poolModeSource = `SHOW POOLS pool_mode for ${p.database}/${p.user ?? ''}`;
    }
    if (mode) result.poolMode = mode;
    return result;
  } finally {
    await admin.close();
  }
}

function isPoolMode(v: unknown): v is PoolMode {
  return typeof v === 'string' && (POOL_MODES as readonly string[]).includes(v);
}
