import type { DriverConnection } from '../../drivers/types';
import { readAdminConsole } from '../../pgbouncer/admin-console';
import { analysePooler, type PoolerSignals } from '../../pgbouncer/analysis';
import { known, unknown, type FactMap } from './fact';

export interface PoolerProbe extends PoolerSignals {
  database: string;
  user: string | undefined;
  /** Opens a connection to the admin console (database "pgbouncer") with the same credentials. */
  connectAdmin(): Promise<DriverConnection>;
}

const SRC = 'backend key vs pg_backend_pid(), inet_server_port() vs the dialled port';
const ADMIN = 'PgBouncer admin console (database pgbouncer)';

/**
 * The pooler facts. The console is only tried when the analysis says there is a pooler, so a
 * plain server never sees a login attempt on a database called "pgbouncer"; without admin rights
 * the pooler is still known, and pool_mode is inferred from a moving pg_backend_pid() or unknown.
 */
export async function detectPooler(p: PoolerProbe): Promise<FactMap> {
  const facts: FactMap = {};
  const a = analysePooler(p);
  if (!a.pooled) {
    facts['pooler.present'] = a.keyKnown ? known(false, SRC) : unknown('the backend key or pg_backend_pid() could not be read', SRC);
    facts['pooler.evidence'] = known(a.evidence.join('; ') || 'nothing to compare', SRC);
    return facts;
  }

  const admin = await readAdminConsole({ connect: p.connectAdmin, database: p.database, user: p.user });
  const evidence = admin.confirmed ? [...a.evidence, `admin console: ${admin.version}`] : a.evidence;
  facts['pooler.present'] = known(true, admin.confirmed ? ADMIN : SRC);
  facts['pooler.evidence'] = known(evidence.join('; '), SRC);

  facts['pooler.product'] = admin.confirmed ? known(admin.version!, `SHOW VERSION on the ${ADMIN}`) : unknown(admin.reason, ADMIN);
  if (admin.poolMode) facts['pooler.pool_mode'] = known(admin.poolMode, admin.poolModeSource!);
  else if (a.pidMoved) facts['pooler.pool_mode'] = known('transaction', 'inferred: pg_backend_pid() changed between transactions', false);
  else facts['pooler.pool_mode'] = unknown(admin.reason, ADMIN);
  for (const [name, key] of [
    ['pooler.max_client_conn', 'max_client_conn'],
    ['pooler.default_pool_size', 'default_pool_size'],
    ['pooler.client_idle_timeout', 'client_idle_timeout'],
    ['pooler.max_prepared_statements', 'max_prepared_statements'],
  ] as const) {
    const v = admin.config.get(key);
    facts[name] = v === undefined ? unknown(missingReason(admin.confirmed ? admin.version : undefined, key, admin.reason), ADMIN) : known(v, `SHOW CONFIG on the ${ADMIN}`);
  }
  return facts;
}

/** PgBouncer 1.21 added max_prepared_statements: before it, transaction pooling tracks no prepared statements at all. */
const SINCE: Record<string, [number, number]> = { max_prepared_statements: [1, 21] };

function missingReason(version: string | undefined, key: string, fallback: string): string {
  const since = SINCE[key];
  const m = version ? /(\d+)\.(\d+)/.exec(version) : null;
  if (since && m && (Number(m[1]) < since[0] || (Number(m[1]) === since[0] && Number(m[2]) < since[1]))) {
    return `${version} has no ${key} (PgBouncer ${since.join('.')} added it)`;
  }
  return fallback;
}
