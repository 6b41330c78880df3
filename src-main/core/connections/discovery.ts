import { realpathSync } from 'node:fs';
import type { DiscoveredServer } from '../../shared/discovery';
import { BACKEND_INFO, familyOf } from '../../shared/backends';
import type { ProfileInput } from '../../shared/profile';
import { identifyServer } from '../../shared/server-version';
import { StepTimeout } from './testing/abort';
import { checkSocketPath, describeEndpoint, openSocket, SocketReader, type Endpoint } from './testing/net';
import { isGreetingError, parseGreeting, readPacket } from './testing/mysql-wire';
import { productFromVersion } from './testing/mysql-test';
import { probeAuth, SSL_REQUEST } from './testing/pg-wire';
import type { StoredConnection } from './store';

/** Where servers usually listen on a developer's machine. */
export const LOCAL_TARGETS: Endpoint[] = [
  { kind: 'tcp', host: '127.0.0.1', port: 5432 },
  { kind: 'tcp', host: '127.0.0.1', port: 6432 },
  { kind: 'tcp', host: '127.0.0.1', port: 3306 },
  { kind: 'socket', path: '/var/run/postgresql/.s.PGSQL.5432' },
  { kind: 'socket', path: '/tmp/.s.PGSQL.5432' },
  { kind: 'socket', path: '/var/run/postgresql/.s.PGSQL.6432' },
  { kind: 'socket', path: '/tmp/.s.PGSQL.6432' },
  { kind: 'socket', path: '/run/mysqld/mysqld.sock' },
  { kind: 'socket', path: '/var/run/mysqld/mysqld.sock' },
  { kind: 'socket', path: '/tmp/mysql.sock' },
];

/** How long a MySQL server may take to send its greeting before we assume the other side waits for us. */
const GREETING_WAIT_MS = 400;

interface Identified {
  protocol: 'postgresql' | 'mysql';
  product: string;
  version?: string;
  detail: string;
}

/**
 * Finds database servers on this machine and identifies each by protocol: a MySQL server speaks
 * first with its greeting; PostgreSQL (and PgBouncer) answer an SSLRequest with S or N. Nothing
 * is logged in to; no password is sent.
 */
export async function discoverLocal(opts: { targets?: Endpoint[]; timeoutMs?: number; saved?: StoredConnection[] } = {}): Promise<DiscoveredServer[]> {
  const targets = dedupeSockets(opts.targets ?? LOCAL_TARGETS);
  const timeoutMs = opts.timeoutMs ?? 1500;
  const found = await Promise.all(targets.map((t) => identify(t, timeoutMs).then((id) => (id ? { t, id } : null), () => null)));
  return found
    .filter((f): f is { t: Endpoint; id: Identified } => f !== null)
    .map(({ t, id }) => {
      const suggested = suggest(t, id);
      const savedAs = opts.saved?.find((s) => samePlace(s, t, id.protocol))?.name;
      return { endpoint: describeEndpoint(t), via: t.kind, ...id, suggested, ...(savedAs ? { savedAs } : {}) };
    });
}

/** /var/run is usually a link to /run: one socket, listed once. */
function dedupeSockets(targets: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    if (t.kind !== 'socket') return true;
    let real = t.path;
    try {
      real = realpathSync(t.path);
    } catch {
      return false;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

async function identify(t: Endpoint, timeoutMs: number): Promise<Identified | null> {
  if (t.kind === 'socket') checkSocketPath(t.path);
  const signal = new AbortController().signal;
  const reader = new SocketReader(await openSocket(t, signal, timeoutMs));
  try {
    try {
      const packet = await readPacket(reader, signal, GREETING_WAIT_MS, 'greeting', 4096);
      const g = parseGreeting(packet.payload);
      if (isGreetingError(g)) return { protocol: 'mysql', product: 'MySQL/MariaDB', detail: `answered with error ${g.errno}: ${g.message}` };
      const v = productFromVersion(g.rawVersion);
      return { protocol: 'mysql', product: v.product, version: v.version, detail: `TLS ${g.sslOffered ? 'offered' : 'not offered'}; default auth plugin ${g.authPlugin ?? 'unknown'}` };
    } catch (err) {
      if (!(err instanceof StepTimeout)) return null;
    }
    reader.socket.write(SSL_REQUEST);
    const answer = String.fromCharCode((await reader.read(1, signal, timeoutMs, 'SSLRequest'))[0]!);
    if (answer !== 'S' && answer !== 'N') return null;
    return { protocol: 'postgresql', ...(await pgDetails(t, answer === 'S', timeoutMs)) };
  } finally {
    reader.close();
  }
}

/** A second, plain-text startup as postgres (the role a fresh install has), to learn the auth method and, under trust, the version. */
async function pgDetails(t: Endpoint, tlsOffered: boolean, timeoutMs: number): Promise<Omit<Identified, 'protocol'>> {
  const user = 'postgres';
  const tls = `TLS ${tlsOffered ? 'offered' : 'not offered'}`;
  const likelyBouncer = /6432/.test(describeEndpoint(t));
  const signal = new AbortController().signal;
  const reader = new SocketReader(await openSocket(t, signal, timeoutMs));
  try {
    const probe = await probeAuth(reader, { user, database: 'postgres', application_name: 'poolscope-discovery' }, signal, timeoutMs);
    // PgBouncer's own refusals read "no such database" / "no such user"; PostgreSQL's never do.
    const bouncer = likelyBouncer || /^no such (database|user)/i.test(probe.error?.message ?? '');
    const product = bouncer ? 'PgBouncer' : 'PostgreSQL';
    const version = probe.serverVersion ? identifyServer('postgresql', probe.serverVersion).version : undefined;
    const auth = probe.method ? `${probe.method.method} for user ${user}` : probe.error ? `refused user ${user}: ${probe.error.message}` : 'authentication not seen';
    return { product, ...(version && !bouncer ? { version } : {}), detail: `${tls}; ${auth}` };
  } catch {
    return { product: likelyBouncer ? 'PgBouncer' : 'PostgreSQL', detail: tls };
  } finally {
    reader.close();
  }
}

function suggest(t: Endpoint, id: Identified): ProfileInput {
  const backend = id.protocol === 'postgresql' ? 'postgresql' : id.product === 'MySQL' ? 'mysql' : 'mariadb';
  const where = t.kind === 'tcp' ? `127.0.0.1:${t.port}` : 'socket';
  const name = `${id.product}${id.version ? ` ${id.version}` : ''} (${where})`;
  const place =
    t.kind === 'tcp'
      ? { host: t.host, port: t.port }
      : id.protocol === 'postgresql'
        ? pgSocketPlace(t.path)
        : { socket: t.path };
  return {
    name,
    backend,
    ...place,
    user: id.protocol === 'postgresql' ? 'postgres' : 'root',
    database: id.protocol === 'postgresql' ? 'postgres' : '',
    passwordMode: 'none',
    tls: { mode: 'prefer' },
    service: { environment: 'local' },
  };
}

/** libpq and the URL want the socket's folder and the port, not the socket file. */
function pgSocketPlace(path: string): { socket: string; port: number } {
  const m = /^(.*)\/\.s\.PGSQL\.(\d+)$/.exec(path);
  return m ? { socket: m[1]!, port: Number(m[2]) } : { socket: path, port: 5432 };
}

function samePlace(s: StoredConnection, t: Endpoint, protocol: Identified['protocol']): boolean {
  if (familyOf(s.backend) !== protocol) return false;
  if (t.kind === 'tcp') return !s.socket && ['127.0.0.1', 'localhost', '::1', undefined, ''].includes(s.host) && (s.port ?? BACKEND_INFO[s.backend].defaultPort) === t.port;
  if (!s.socket) return false;
  return s.socket === t.path || (t.path.startsWith(`${s.socket}/.s.PGSQL.`) && t.path.endsWith(`.${s.port ?? 5432}`));
}
