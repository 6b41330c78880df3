import type { ServerFacts } from '../../../shared/conn-test';
import { identifyServer, withoutCompatPrefix } from '../../../shared/server-version';
import { driverFor } from '../../drivers';
import { connectStages, driverConnect, isLoopback, measureLatency, query, requiresTls, tlsUnavailable, type TestContext } from './context';
import { isGreetingError, parseGreeting, readPacket, sslRequestPacket, type Greeting } from './mysql-wire';
import { openSocket, SocketReader, type Endpoint } from './net';
import { SSL_REQUEST } from './pg-wire';
import { printable } from './pg-wire';
import { describeTls, upgradeToTls } from './tls-probe';
import { keyUnlock } from '../../drivers/tls';

export function mysqlEndpoint(p: TestContext['profile']): Endpoint {
  if (p.socket) return { kind: 'socket', path: p.socket };
  return { kind: 'tcp', host: p.host || '127.0.0.1', port: p.port ?? 3306 };
}

/** As the connection test and discovery show it: "10.11.19-MariaDB-0+deb12u1" → MariaDB 10.11.19; "8.0.36" → MySQL 8.0.36. */
export function productFromVersion(version: string, comment?: string): { product: 'MariaDB' | 'MySQL'; version: string } {
  const id = identifyServer('mysql', version, comment);
  return { product: id.product === 'mariadb' ? 'MariaDB' : 'MySQL', version: id.version || withoutCompatPrefix(version) };
}

interface FactsRow {
  version: string;
  comment: string | null;
  id: number | string;
  cu: string;
  db: string | null;
}

export async function testMysql(t: TestContext): Promise<ServerFacts> {
  const p = t.profile;
  const ep = mysqlEndpoint(p);
  const socket = await connectStages(t, ep);
  const mode = p.tls.mode;

  // The server speaks first: its greeting says whether it offers TLS (CLIENT_SSL) and its default auth plugin.
  const greeting = await t.tracker.run('tls', async () => {
    const reader = new SocketReader(socket);
    let g: Greeting;
    try {
      const greetingRead = readPacket(reader, t.signal, t.timeoutMs, 'The MySQL server greeting', 4096);
      // Settled either way below; without this a lost race would be an unhandled rejection.
      greetingRead.catch(() => undefined);
      const packet = await Promise.race([greetingRead, postgresWaitsHere(ep, t)]);
      const parsed = parseGreeting(packet.payload);
      if (isGreetingError(parsed)) throw Object.assign(new Error(parsed.message), { errno: parsed.errno, code: `ER_${parsed.errno}`, sqlState: parsed.sqlState });
      g = parsed;
    } catch (err) {
      if ((err as { code?: string }).code === 'POOLSCOPE_PROTOCOL') {
        const said = printable((err as { bytes?: Buffer }).bytes ?? reader.peek());
        throw Object.assign(new Error(`its first bytes were ${JSON.stringify(said)}, not a MySQL greeting`), { code: 'POOLSCOPE_WRONG_PROTOCOL' });
      }
      reader.close();
      throw err;
    }
    if (!g.sslOffered) {
      reader.close();
      if (requiresTls(mode)) throw tlsUnavailable();
      return { value: g, detail: 'not offered by the server (no CLIENT_SSL in the greeting): not encrypted', status: isLoopback(ep) ? ('ok' as const) : ('warn' as const) };
    }
    if (mode === 'disable') {
      reader.close();
      return { value: g, detail: 'offered by the server, not used (TLS mode disable)', status: isLoopback(ep) ? ('ok' as const) : ('warn' as const) };
    }
    socket.write(sslRequestPacket());
    const out = await upgradeToTls(reader.detach(), p.tls, ep.kind === 'tcp' ? ep.host : undefined, t.signal, t.timeoutMs, keyUnlock({ profile: p, ...t.secrets }));
    out.socket.destroy();
    return { value: g, detail: describeTls(out, mode) };
  });

  const conn = await t.tracker.run('auth', async () => {
    const c = await driverConnect(t, () => driverFor(p.backend).connect({ profile: p, password: t.password, ...t.secrets, applicationName: t.applicationName, connectTimeoutMs: t.timeoutMs }));
    return { value: c, detail: greeting.authPlugin ? `server default plugin ${greeting.authPlugin}` : 'plugin not named in the greeting' };
  });

  const row = await t.tracker.run('query', async () => {
    const rows = await query<FactsRow>(t, conn, 'SELECT VERSION() AS version, @@version_comment AS comment, CONNECTION_ID() AS id, CURRENT_USER() AS cu, DATABASE() AS db', 'The first query');
    const v = productFromVersion(rows[0]!.version, rows[0]!.comment ?? undefined);
    return { value: rows[0]!, detail: `${v.product} ${v.version}` };
  });

  const latency = await measureLatency(t, conn);
  const { product, version } = productFromVersion(row.version, row.comment ?? undefined);
  if (product === 'MariaDB' && p.backend === 'mysql') t.warnings.push('The server is MariaDB but the connection says MySQL: set the backend to MariaDB so checks and advice match the server.');
  if (product === 'MySQL' && p.backend === 'mariadb') t.warnings.push('The server is MySQL but the connection says MariaDB: set the backend to MySQL so checks and advice match the server.');

  const status = await query<{ Variable_name: string; Value: string }>(t, conn, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_version')", 'Reading Ssl_cipher');
  const cipher = status.find((r) => r.Variable_name === 'Ssl_cipher')?.Value ?? '';
  const tlsVersion = status.find((r) => r.Variable_name === 'Ssl_version')?.Value ?? '';
  const tls: ServerFacts['tls'] = cipher ? { state: 'in use', detail: `${tlsVersion} ${cipher} (Ssl_cipher)`.trim() } : { state: greeting.sslOffered ? 'not used' : 'not offered' };
  t.tracker.annotate('tls', cipher ? `${tlsVersion} ${cipher} (Ssl_cipher)`.trim() : greeting.sslOffered ? 'offered, but this session is not encrypted (Ssl_cipher is empty)' : 'not offered by the server (no CLIENT_SSL in the greeting): not encrypted');

  let userPlugin: string | undefined;
  try {
    const rows = await query<{ plugin: string }>(t, conn, "SELECT plugin FROM mysql.user WHERE CONCAT(user, '@', host) = CURRENT_USER()", 'Reading the account\'s plugin');
    userPlugin = rows[0]?.plugin || undefined;
  } catch {
    // Ordinary accounts may not read mysql.user; the greeting's plugin is then all we know.
  }
  return {
    product,
    version,
    versionString: row.comment ? `${row.version} (${row.comment})` : row.version,
    auth: {
      method: userPlugin ?? greeting.authPlugin ?? 'unknown',
      detail: [
        greeting.authPlugin ? `server default in the greeting: ${greeting.authPlugin}` : null,
        userPlugin ? `this account (${row.cu}): ${userPlugin}` : 'this account\'s plugin is not readable with its privileges (mysql.user)',
      ]
        .filter(Boolean)
        .join('; '),
    },
    tls,
    latency,
    sessionId: String(row.id),
    user: row.cu,
    database: row.db ?? '',
  };
}

/** How long a MySQL server may stay silent before the test asks whether PostgreSQL listens instead. */
const SILENCE_MS = 1000;

/**
 * A MySQL server greets at once; PostgreSQL (and PgBouncer) wait for the client to speak, so a MySQL
 * URL on a PostgreSQL port would only time out. After a second of silence a second socket sends a
 * PostgreSQL SSLRequest: an answer of "S" or "N" means PostgreSQL listens here, and the test says so
 * at once. Anything else leaves the greeting to arrive or time out as usual (this never resolves).
 */
function postgresWaitsHere(ep: Endpoint, t: TestContext): Promise<never> {
  return new Promise<never>((_, reject) => {
    const wait = Math.min(SILENCE_MS, Math.floor(t.timeoutMs / 2));
    const timer = setTimeout(() => {
      void (async () => {
        let probe: SocketReader | undefined;
        try {
          probe = new SocketReader(await openSocket(ep, t.signal, t.timeoutMs - wait));
          probe.socket.write(SSL_REQUEST);
          const answer = String.fromCharCode((await probe.read(1, t.signal, t.timeoutMs - wait, 'The PostgreSQL probe'))[0]!);
          if (answer === 'S' || answer === 'N') {
            reject(Object.assign(new Error('it waits for the client to speak and answers a PostgreSQL SSLRequest: PostgreSQL (or PgBouncer) listens here, not MySQL/MariaDB'), { code: 'POOLSCOPE_WRONG_PROTOCOL' }));
          }
        } catch {
          // No answer to the probe either: the greeting's own timeout decides.
        } finally {
          probe?.close();
        }
      })();
    }, wait);
    timer.unref();
    t.onCleanup(() => clearTimeout(timer));
  });
}
