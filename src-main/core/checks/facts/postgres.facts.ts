import type { FactName } from '../../../shared/facts';
import { identifyServer, versionAtLeast } from '../../../shared/server-version';
import type { DriverConnection } from '../../drivers/types';
import { allUnknown, attempt, known, toNumber, unknown, type FactMap } from './fact';
import { detectPooler, type PoolerProbe } from './pgbouncer.facts';

export interface PgIdentity {
  version: string;
  versionText: string;
  backendPid: number | null;
  serverPort: number | null;
  user: string;
  database: string;
}

export async function pgIdentity(conn: DriverConnection): Promise<PgIdentity> {
  const { rows } = await conn.query<{ text: string; v: string; pid: number; port: number | null; usr: string; db: string }>(
    "SELECT version() AS text, current_setting('server_version') AS v, pg_backend_pid() AS pid, inet_server_port() AS port, current_user AS usr, current_database() AS db",
  );
  const r = rows[0]!;
  return { version: identifyServer('postgresql', r.v).version, versionText: r.text, backendPid: toNumber(r.pid) ?? null, serverPort: toNumber(r.port) ?? null, user: r.usr, database: r.db };
}

/** pg_settings names, each with the unit Poolscope keeps it in (pg_settings reports the same units). */
const SETTINGS: Array<[FactName, string]> = [
  ['max_connections', 'max_connections'],
  ['superuser_reserved_connections', 'superuser_reserved_connections'],
  ['reserved_connections', 'reserved_connections'],
  ['idle_session_timeout', 'idle_session_timeout'],
  ['idle_in_transaction_session_timeout', 'idle_in_transaction_session_timeout'],
  ['statement_timeout', 'statement_timeout'],
  ['tcp_keepalives_idle', 'tcp_keepalives_idle'],
  ['tcp_keepalives_interval', 'tcp_keepalives_interval'],
  ['tcp_keepalives_count', 'tcp_keepalives_count'],
  ['server_encoding', 'server_encoding'],
  ['default_transaction_isolation', 'default_transaction_isolation'],
];

/** Settings a server version simply does not have: absent means "none of that", not "unknown". */
const INTRODUCED: Partial<Record<FactName, [number, string]>> = {
  reserved_connections: [16, 'no reserved_connections before PostgreSQL 16'],
  idle_session_timeout: [14, 'no idle_session_timeout before PostgreSQL 14'],
};

export async function collectPostgresFacts(conn: DriverConnection, id: PgIdentity, probe: Omit<PoolerProbe, 'backendPid' | 'secondPid' | 'serverPort'>): Promise<FactMap> {
  const facts: FactMap = {};
  const src = 'pg_settings';
  const s = await attempt(() => conn.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [SETTINGS.map(([, n]) => n)]));
  if (s.ok) {
    const byName = new Map(s.value.rows.map((r) => [r.name, r.setting]));
    for (const [fact, name] of SETTINGS) {
      const raw = byName.get(name);
      const introduced = INTRODUCED[fact];
      if (raw === undefined) {
        facts[fact] = introduced && !versionAtLeast(id.version, introduced[0]) ? known(0, introduced[1], false) : unknown(`${name} is not visible in pg_settings`, src);
      } else {
        facts[fact] = known(toNumber(raw) ?? raw, src);
      }
    }
    // `read committed` -> `READ COMMITTED`: the spelling SQLAlchemy's isolation_level uses.
    for (const name of ['default_transaction_isolation', 'server_encoding'] as const) {
      const f = facts[name];
      if (typeof f?.value === 'string') f.value = f.value.toUpperCase();
    }
  } else Object.assign(facts, allUnknown(SETTINGS.map(([f]) => f), s.reason, src));

  const sessSrc = "pg_stat_activity (backend_type = 'client backend')";
  const sessions = await attempt(() => conn.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'"));
  facts.sessions = sessions.ok ? known(Number(sessions.value.rows[0]!.n), sessSrc) : unknown(sessions.reason, sessSrc);

  const tlsSrc = 'pg_stat_ssl for this session';
  const tls = await attempt(() => conn.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'));
  facts.tls = tls.ok && tls.value.rows[0] ? known(Boolean(tls.value.rows[0].ssl), tlsSrc) : unknown(tls.ok ? 'no row for this session' : tls.reason, tlsSrc);

  const roleSrc = 'pg_roles.rolconnlimit';
  const role = await attempt(() => conn.query<{ n: number }>('SELECT rolconnlimit AS n FROM pg_roles WHERE rolname = current_user'));
  facts.role_connection_limit = role.ok && role.value.rows[0] ? known(Number(role.value.rows[0].n), roleSrc) : unknown(role.ok ? 'role not visible' : role.reason, roleSrc);
  const dbSrc = 'pg_database.datconnlimit';
  const db = await attempt(() => conn.query<{ n: number }>('SELECT datconnlimit AS n FROM pg_database WHERE datname = current_database()'));
  facts.database_connection_limit = db.ok && db.value.rows[0] ? known(Number(db.value.rows[0].n), dbSrc) : unknown(db.ok ? 'database not visible' : db.reason, dbSrc);

  // A second, separate transaction: behind transaction pooling it may land on another server session.
  const again = await attempt(() => conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'));
  const pooler = await detectPooler({ ...probe, backendPid: id.backendPid, secondPid: again.ok ? Number(again.value.rows[0]!.pid) : null, serverPort: id.serverPort });
  Object.assign(facts, pooler);
  if (facts['pooler.present']?.value === true && facts.tls?.value !== null && facts.tls) {
    // Behind a pooler, pg_stat_ssl describes the pooler's own link to the server, not ours.
    facts.tls = { ...facts.tls, source: `${tlsSrc} (the pooler's link to the server, not this client's)` };
  }
  return facts;
}
