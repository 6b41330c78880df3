import { userInfo } from 'node:os';
import type { PoolerFacts, ServerFacts } from '../../../shared/conn-test';
import { identifyServer } from '../../../shared/server-version';
import { driverFor, type DriverConnection } from '../../drivers';
import { pgSocketTarget } from '../../drivers/postgres';
import { TestCancelled, StepTimeout } from './abort';
import { connectStages, driverConnect, isLoopback, measureLatency, query, requiresTls, tlsUnavailable, type TestContext } from './context';
import { openSocket, SocketReader, type Endpoint } from './net';
import { probeAuth, printable, SSL_REQUEST, type PgAuthProbe } from './pg-wire';
import { describeTls, upgradeToTls } from './tls-probe';

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
      const said = printable(Buffer.concat([answer, reader.peek()]));
      throw Object.assign(new Error(`it replied ${JSON.stringify(said || ch)} to a PostgreSQL SSLRequest`), { code: 'POOLSCOPE_WRONG_PROTOCOL' });
    }
    if (mode === 'disable') {
      reader.close();
      return { value: { offered: true, reader: null }, detail: 'offered by the server, not used (TLS mode disable)', status: isLoopback(ep) ? ('ok' as const) : ('warn' as const) };
    }
    const out = await upgradeToTls(reader.detach(), p.tls, ep.kind === 'tcp' ? ep.host : undefined, t.signal, t.timeoutMs);
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
    const c = await driverConnect(t, () => driverFor('postgresql').connect({ profile: p, password: t.password, applicationName: t.applicationName, connectTimeoutMs: t.timeoutMs, nativeBinding: t.nativeBinding }));
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
 * PgBouncer hands out its own backend keys and connects to the server itself, so the key the
 * client got differs from pg_backend_pid(), and the server's port may differ from the one dialled.
 * With admin rights, the pgbouncer console says which version answers.
 */
async function detectPooler(t: TestContext, conn: DriverConnection, row: FactsRow, ep: Endpoint): Promise<PoolerFacts> {
  const evidence: string[] = [];
  const keyPid = conn.sessionId;
  const pidDiffers = keyPid !== null && keyPid !== String(row.pid);
  evidence.push(pidDiffers ? `backend key pid ${keyPid} ≠ pg_backend_pid() ${row.pid}` : `backend key pid = pg_backend_pid() (${row.pid})`);
  let portDiffers = false;
  if (ep.kind === 'tcp') {
    if (row.server_port === null) {
      portDiffers = true;
      evidence.push('inet_server_port() is NULL: the server sees a unix-socket client although you dialled TCP');
    } else if (Number(row.server_port) !== ep.port) {
      portDiffers = true;
      evidence.push(`inet_server_port() ${row.server_port} ≠ dialled port ${ep.port}`);
    } else evidence.push(`inet_server_port() = dialled port ${ep.port}`);
  }
  let version: string | undefined;
  let poolMode: string | undefined;
  if (pidDiffers || portDiffers) {
    try {
      const admin = await driverConnect(t, () =>
        driverFor('postgresql').connect({ profile: { ...t.profile, database: 'pgbouncer' }, password: t.password, applicationName: t.applicationName, connectTimeoutMs: t.timeoutMs }),
      );
      const rows = await query<{ version: string }>(t, admin, 'SHOW VERSION', 'SHOW VERSION on the pgbouncer console');
      version = rows[0]?.version;
      const pools = await query<{ database: string; user: string; pool_mode: string }>(t, admin, 'SHOW POOLS', 'SHOW POOLS on the pgbouncer console');
      poolMode = pools.find((r) => r.database === t.profile.database && r.user === row.usr)?.pool_mode ?? pools.find((r) => r.database === t.profile.database)?.pool_mode;
      await admin.close();
      if (version) evidence.push(`admin console: SHOW VERSION → ${version}${poolMode ? `, pool_mode ${poolMode}` : ''}`);
    } catch (err) {
      if (err instanceof TestCancelled) throw err;
      evidence.push('admin console (database pgbouncer): not reachable with this user');
    }
  }
  const detected = pidDiffers || version !== undefined;
  if (!detected && portDiffers) evidence.push('only the port differs: a port mapping (Docker, SSH tunnel) looks the same');
  const m = version ? /^(\S+)\s+(\S+)/.exec(version) : null;
  return {
    detected,
    ...(detected ? { product: m ? m[1]! : 'a pooler (probably PgBouncer)' } : {}),
    ...(m ? { version: m[2]! } : {}),
    ...(poolMode ? { poolMode } : {}),
    evidence,
  };
}
