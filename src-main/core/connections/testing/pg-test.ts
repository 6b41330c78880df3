import { userInfo } from 'node:os';
import type { PoolerFacts, ServerFacts } from '../../../shared/conn-test';
import { identifyServer } from '../../../shared/server-version';
import { driverFor, type DriverConnection } from '../../drivers';
import { pgSocketTarget } from '../../drivers/postgres';
import { readAdminConsole } from '../../pgbouncer/admin-console';
import { analysePooler } from '../../pgbouncer/analysis';
import { TestCancelled, StepTimeout, throwIfAborted } from './abort';
import { connectStages, driverConnect, isLoopback, measureLatency, query, requiresTls, tlsUnavailable, type TestContext } from './context';
import { openSocket, SocketReader, type Endpoint } from './net';
import { probeAuth, printable, SSL_REQUEST, type PgAuthProbe } from './pg-wire';
import { describeTls, upgradeToTls } from './tls-probe';
import { keyUnlock } from '../../drivers/tls';

/**
 * What answered a PostgreSQL SSLRequest instead of PostgreSQL. A MySQL/MariaDB greeting carries a
 * random salt, so it is named by its version rather than quoted: the words stay the same from one
 * attempt to the next (the checks and the command line diagnose again and must say the same).
 */
export function describeForeignReply(bytes: Buffer): string {
  if (bytes.length > 5 && bytes[4] === 10) {
    const end = bytes.indexOf(0, 5);
    if (end > 5) return `it greeted like a MySQL/MariaDB server (version ${bytes.toString('latin1', 5, end)}), not like PostgreSQL`;
  }
  const said = printable(bytes);
  return `it replied ${JSON.stringify(said || bytes.toString('latin1', 0, 1))} to a PostgreSQL SSLRequest`;
}

export function pgEndpoint(p: TestContext['profile']): Endpoint {
  if (p.socket) {
    const s = pgSocketTarget(p.socket, p.port);
    return { kind: 'socket', path: `${s.host}/.s.PGSQL.${s.port ?? 5432}` };
  }
  return { kind: 'tcp', host: p.host || '127.0.0.1', port: p.port ?? 5432 };
}

/** pg's own default when no user is given (the OS user), so the probe asks about the same role. */
function effectiveUser(p: TestContext['profile']): string {
  return p.user || process.env.USER || userInfo().username;
}

interface FactsRow {
  server_version: string;
  version_string: string;
  pid: number;
  server_port: number | null;
  usr: string;
  db: string;
  ssl: boolean | null;
  ssl_version: string | null;
  ssl_cipher: string | null;
}

const FACTS_SQL = `SELECT current_setting('server_version') AS server_version, version() AS version_string,
  pg_backend_pid() AS pid, inet_server_port() AS server_port, current_user AS usr, current_database() AS db,
  s.ssl, s.version AS ssl_version, s.cipher AS ssl_cipher
  FROM (SELECT 1) AS one LEFT JOIN pg_stat_ssl s ON s.pid = pg_backend_pid()`;

export async function testPostgres(t: TestContext): Promise<ServerFacts> {
  const p = t.profile;
  const ep = pgEndpoint(p);
  const socket = await connectStages(t, ep);
  const mode = p.tls.mode;

  // TLS: ask the server (SSLRequest), then upgrade with the driver's own options.
  const tls = await t.tracker.run<{ offered: boolean; reader: SocketReader | null; used?: string }>('tls', async () => {
    const reader = new SocketReader(socket);
    socket.write(SSL_REQUEST);
    const answer = await reader.read(1, t.signal, t.timeoutMs, 'The PostgreSQL SSLRequest');
    const ch = String.fromCharCode(answer[0]!);
    if (ch === 'N') {
      if (requiresTls(mode)) throw tlsUnavailable();
      const plainRemote = !isLoopback(ep);
      return { value: { offered: false, reader }, detail: 'not offered by the server: this connection is not encrypted', status: plainRemote ? ('warn' as const) : ('ok' as const) };
    }
    if (ch !== 'S') {
      throw Object.assign(new Error(describeForeignReply(Buffer.concat([answer, reader.peek()]))), { code: 'POOLSCOPE_WRONG_PROTOCOL' });
    }
    if (mode === 'disable') {
      reader.close();
      return { value: { offered: true, reader: null }, detail: 'offered by the server, not used (TLS mode disable)', status: isLoopback(ep) ? ('ok' as const) : ('warn' as const) };
    }
    const out = await upgradeToTls(reader.detach(), p.tls, ep.kind === 'tcp' ? ep.host : undefined, t.signal, t.timeoutMs, keyUnlock({ profile: p, ...t.secrets }));
    t.onCleanup(() => void out.socket.destroy());
    const described = describeTls(out, mode);
    return { value: { offered: true, reader: new SocketReader(out.socket), used: described }, detail: described };
  });

  // Authenticate: first learn the method without a password, then log in with the real driver.
  let probe: PgAuthProbe | undefined;
  const conn = await t.tracker.run('auth', async () => {
    const reader = tls.reader ?? new SocketReader(await openSocket(ep, t.signal, t.timeoutMs));
    try {
      probe = await probeAuth(reader, { user: effectiveUser(p), database: p.database || effectiveUser(p), application_name: `${t.applicationName}-probe` }, t.signal, t.timeoutMs);
    } catch (err) {
      // A silent server or a cancel ends the test here; anything else is left for the driver to report.
      if (err instanceof TestCancelled || err instanceof StepTimeout) throw err;
    } finally {
      reader.close();
    }
    const c = await driverConnect(t, () => driverFor('postgresql').connect({ profile: p, password: t.password, ...t.secrets, applicationName: t.applicationName, connectTimeoutMs: t.timeoutMs, nativeBinding: t.nativeBinding }));
    return { value: c, detail: probe?.method ? `${probe.method.method}${p.user ? '' : ` as ${effectiveUser(p)}`}` : 'method not seen' };
  });

  const row = await t.tracker.run('query', async () => {
    const rows = await query<FactsRow>(t, conn, FACTS_SQL, 'The first query');
    return { value: rows[0]!, detail: `PostgreSQL ${identifyServer('postgresql', rows[0]!.server_version).version}` };
  });

  const latency = await measureLatency(t, conn);
  const pooler = await detectPooler(t, conn, row, ep);
  if (pooler.detected) {
    const mode = pooler.poolMode;
    t.warnings.push(
      mode === 'session'
        ? 'A pooler (session mode) answers instead of PostgreSQL: prepared statements work, but each client holds a server connection for its whole session.'
        : `A pooler${mode ? ` (${mode} mode)` : ''} answers instead of PostgreSQL: in transaction mode server-side prepared statements (asyncpg's statement cache) break; use psycopg with prepare_threshold=None, or statement_cache_size=0 with asyncpg.`,
    );
  }
  return {
    product: 'PostgreSQL',
    version: identifyServer('postgresql', row.server_version).version,
    versionString: row.version_string,
    auth: authFacts(probe),
    tls: tlsFacts(tls, row, pooler.detected, t),
    latency,
    pooler,
    sessionId: String(row.pid),
    user: row.usr,
    database: row.db,
  };
}

/**
 * Directly connected, pg_stat_ssl describes our own session. Behind a pooler it describes the
 * pooler's link to the server, so our side comes from the TLS stage instead.
 */
function tlsFacts(tls: { offered: boolean; used?: string }, row: FactsRow, pooled: boolean, t: TestContext): ServerFacts['tls'] {
  const serverSide = row.ssl ? `${row.ssl_version ?? 'TLS'} ${row.ssl_cipher ?? ''}`.trim() : null;
  if (pooled) {
    const link = `pooler → server: ${serverSide ? `encrypted (${serverSide})` : 'not encrypted'} (pg_stat_ssl)`;
    return tls.used ? { state: 'in use', detail: `${tls.used}; ${link}` } : { state: tls.offered ? 'not used' : 'not offered', detail: link };
  }
  t.tracker.annotate('tls', serverSide ? `${serverSide} (pg_stat_ssl)` : tls.offered ? 'offered, but this session is not encrypted (pg_stat_ssl)' : 'not offered by the server: this connection is not encrypted');
  return serverSide ? { state: 'in use', detail: `${serverSide}${tls.used ? `; ${tls.used}` : ''}` } : { state: tls.offered ? 'not used' : 'not offered' };
}

function authFacts(probe: PgAuthProbe | undefined): ServerFacts['auth'] {
  if (!probe?.method) return { method: 'unknown', detail: 'The startup probe did not see an authentication request.' };
  const m = probe.method;
  if (m.code === 0) return { method: 'trust', detail: 'The server let this user in without a password (pg_hba trust; peer, ident and cert look the same).' };
  if (m.mechanisms) return { method: m.method, detail: `SASL mechanisms offered: ${m.mechanisms.join(', ')}` };
  if (m.code === 3) return { method: m.method, detail: 'The password travels in clear text unless TLS is in use.' };
  return { method: m.method };
}

/**
 * The shared pooler analysis over what this session saw (the connection test does not measure a
 * second transaction), then, when it says "pooler", the admin console for version and pool_mode.
 * Its statements run with the test's deadline and cancel.
 */
async function detectPooler(t: TestContext, conn: DriverConnection, row: FactsRow, ep: Endpoint): Promise<PoolerFacts> {
  const a = analysePooler(
    { sessionId: conn.sessionId, backendPid: Number(row.pid), secondPid: null, serverPort: row.server_port === null ? null : Number(row.server_port), dialledPort: ep.kind === 'tcp' ? ep.port : undefined },
    { keyLabel: 'backend key pid' },
  );
  const evidence = [...a.evidence];
  if (!a.pooled) return { detected: false, evidence };
  const admin = await readAdminConsole({
    connect: () => driverConnect(t, () => driverFor('postgresql').connect({ profile: { ...t.profile, database: 'pgbouncer' }, password: t.password, ...t.secrets, applicationName: t.applicationName, connectTimeoutMs: t.timeoutMs })),
    query: (c, sql) => query(t, c, sql, `${sql} on the pgbouncer console`),
    database: t.profile.database,
    user: row.usr,
  });
  throwIfAborted(t.signal);
  evidence.push(admin.confirmed ? `admin console: SHOW VERSION → ${admin.version}${admin.poolMode ? `, pool_mode ${admin.poolMode}` : ''}` : `admin console (database pgbouncer): ${admin.reason}`);
  const m = admin.version ? /^(\S+)\s+(\S+)/.exec(admin.version) : null;
  return {
    detected: true,
    product: m ? m[1]! : 'a pooler (probably PgBouncer)',
    ...(m ? { version: m[2]! } : {}),
    ...(admin.poolMode ? { poolMode: admin.poolMode } : {}),
    evidence,
  };
}
