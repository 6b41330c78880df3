import { BACKEND_INFO, PY_DRIVER_INFO, type Backend, type PyDriver } from './backends';
import type { ProfileData, TlsMode } from './profile';
import { decodeStrict, parseQuery, ParamDecodeError, type QueryPair } from './url-encoding';
import { UrlError, type ParsedConnection } from './url-types';
import { splitSecretParams } from './url-secrets';

export { UrlError, type ParsedConnection, type UrlProfile } from './url-types';
export { formatUrl, queryFor } from './url-format';

/**
 * SQLAlchemy URLs in (here) and out (url-format.ts), with SQLAlchemy 2.0's own rules (engine/url.py): user and password
 * are percent-decoded (`+` stays `+`), the database is taken as written, query values follow
 * `parse_qsl` (`+` is a space), and rendering sorts the query keys. Plain `postgres://`,
 * `postgresql://` and `mysql://` URLs and libpq `key=value` strings are read too.
 *
 * Parameters Poolscope models (TLS, charset, application name, connect timeout, unix socket) are
 * mapped to profile fields with the names each driver really accepts; every other parameter is
 * kept verbatim, so parsing and then formatting loses nothing.
 */

const DIALECTS: Record<string, Backend> = { postgresql: 'postgresql', postgres: 'postgresql', mysql: 'mysql', mariadb: 'mariadb', sqlite: 'sqlite' };

/** SQLAlchemy driver names per backend family: async ones map to our drivers, sync ones are recognised and reported. */
const ASYNC_DRIVERS: Record<string, PyDriver> = { asyncpg: 'asyncpg', psycopg: 'psycopg', psycopg_async: 'psycopg', aiomysql: 'aiomysql', asyncmy: 'asyncmy', aiosqlite: 'aiosqlite' };
const SYNC_DRIVERS: Record<string, string[]> = {
  postgresql: ['psycopg2', 'psycopg2cffi', 'pg8000', 'psycopg2_binary'],
  mysql: ['pymysql', 'mysqldb', 'mysqlconnector', 'mariadbconnector', 'cymysql'],
  sqlite: ['pysqlite', 'pysqlcipher'],
};

const TLS_MODES: readonly TlsMode[] = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

export function looksLikeUrl(input: string): boolean {
  return /^\s*[\w+]+:\/\//.test(input);
}

/** A pasted connection string: a URL, or a libpq `key=value` string. */
export function parseConnectionString(input: string): ParsedConnection {
  const text = input.trim();
  if (!text) throw new UrlError('The connection string is empty.', 'input', 0, 0, 'Paste a URL such as postgresql+asyncpg://user@host:5432/db.');
  if (looksLikeUrl(text)) return parseUrl(text);
  if (/^[A-Za-z_]+\s*=/.test(text)) return parseLibpq(text);
  throw new UrlError(
    'This is neither a database URL nor a libpq key=value string.',
    'input',
    0,
    Math.min(text.length, 20),
    'Start with the dialect and driver, for example postgresql+asyncpg://, mysql+asyncmy:// or sqlite+aiosqlite:///app.db.',
  );
}

/** SQLAlchemy 2.0's URL pattern (engine/url.py `_parse_url`), same meaning; `d` gives each part's position. */
const SA_URL =
  /^(?<name>[\w+]+):\/\/(?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?(?:(?:\[(?<ipv6host>[^/?]+)\]|(?<ipv4host>[^/:?]+))?(?::(?<port>[^/?]*))?)?(?:\/(?<database>[^?]*))?(?:\?(?<query>.*))?/d;

export function parseUrl(input: string): ParsedConnection {
  const text = input.trim();
  const schemeEnd = text.indexOf('://');
  if (schemeEnd <= 0) throw new UrlError('The URL has no scheme.', 'scheme', 0, 0, 'It must start with dialect+driver://, for example postgresql+asyncpg://.');
  const scheme = text.slice(0, schemeEnd);
  if (!/^[\w+]+$/.test(scheme)) {
    throw new UrlError(`"${scheme}" is not a valid scheme.`, 'scheme', 0, schemeEnd, 'A scheme is the dialect and driver joined by +, for example mysql+asyncmy.');
  }
  const [dialect, driverName, ...extra] = scheme.split('+');
  const backend = DIALECTS[dialect!.toLowerCase()];
  if (!backend) {
    throw new UrlError(`"${dialect}" is not a backend Poolscope works with.`, 'scheme', 0, dialect!.length, 'Poolscope supports postgresql (or postgres), mysql, mariadb and sqlite URLs.');
  }
  if (extra.length) throw new UrlError(`The scheme "${scheme}" has more than one "+".`, 'scheme', 0, schemeEnd, 'Use dialect+driver, for example postgresql+asyncpg.');
  const warnings: string[] = [];
  const family = BACKEND_INFO[backend].family;
  let driver: PyDriver | undefined;
  let syncDriver: string | undefined;
  if (driverName !== undefined) {
    const d = driverName.toLowerCase();
    const asyncDriver = ASYNC_DRIVERS[d];
    if (asyncDriver && PY_DRIVER_INFO[asyncDriver].family === family) driver = asyncDriver;
    else if (SYNC_DRIVERS[family]?.includes(d)) {
      syncDriver = d;
      warnings.push(`${d} is a synchronous driver; create_async_engine needs ${BACKEND_INFO[backend].drivers.join(' or ')}.`);
    } else {
      const start = dialect!.length + 1;
      throw new UrlError(
        `"${driverName}" is not a ${BACKEND_INFO[backend].label} driver SQLAlchemy knows.`,
        'driver',
        start,
        start + driverName.length,
        `Async drivers for ${BACKEND_INFO[backend].label}: ${BACKEND_INFO[backend].drivers.join(', ')}.`,
      );
    }
  }
  if (dialect === 'postgres') warnings.push('SQLAlchemy 2.0 does not accept the postgres:// alias; exported URLs use postgresql://.');
  if (/[\r\n]/.test(text)) throw new UrlError('The URL spans several lines.', 'input', 0, text.length, 'Paste the URL on one line.');

  const m = SA_URL.exec(text);
  if (!m || !m.indices || !m.groups) throw new UrlError('The URL could not be read.', 'input', 0, text.length, 'Check it against dialect+driver://user:password@host:port/database?key=value.');
  const g = m.groups;
  const idx = m.indices.groups!;
  // SQLAlchemy silently ignores what its pattern does not consume; a person gets told instead.
  if (m[0].length !== text.length) {
    throw new UrlError(
      `Unexpected text "${text.slice(m[0].length, m[0].length + 20)}" after the ${g.ipv6host !== undefined ? 'IPv6 address' : 'host'}.`,
      'host',
      m[0].length,
      text.length,
      'After the host only :port, /database and ?key=value may follow; IPv6 addresses go in brackets.',
    );
  }
  let user: string | undefined;
  let password: string | undefined;
  if (g.username !== undefined) {
    const [us, ue] = idx.username!;
    user = decodeStrict(g.username, () => new UrlError('The user name has a malformed %-escape.', 'userinfo', us, ue, 'Write % as %25; encode special characters as %XX.'));
    if (user === '') user = undefined;
  }
  if (g.password !== undefined) {
    const [ps, pe] = idx.password!;
    password = decodeStrict(g.password, () => new UrlError('The password has a malformed %-escape (its characters are not shown).', 'password', ps, pe, 'Encode % as %25, @ as %40 and / as %2F in the password.'));
  }
  let host = g.ipv6host ?? g.ipv4host;
  const hostRange = idx.ipv6host ?? idx.ipv4host ?? [schemeEnd + 3, schemeEnd + 3];
  let authorityHosts: Array<{ host: string; port?: number }> | undefined;
  let rawPort = g.port;
  if (host !== undefined && host.includes('@')) {
    // SQLAlchemy ends the password at the first "@" and takes the rest as part of the host: the URL is wrong.
    const start = idx.password ? idx.password[0] : hostRange[0];
    throw new UrlError(
      'The password contains an "@" that is not percent-encoded: SQLAlchemy ends the password at the first "@" and reads the rest as part of the host name, so this URL cannot log in (its characters are not shown).',
      'password',
      start,
      hostRange[1],
      'Write @ in the password as %40 (and : as %3A, / as %2F, % as %25).',
    );
  }
  if (host !== undefined && (host.includes(',') || (rawPort ?? '').includes(','))) {
    const authority = text.slice(hostRange[0], idx.port ? idx.port[1] : hostRange[1]);
    if (family !== 'postgresql') {
      throw new UrlError('This URL names several hosts.', 'host', hostRange[0], hostRange[1], `${BACKEND_INFO[backend].label} drivers connect to one host: keep the host you want.`);
    }
    if (driverName !== undefined && (rawPort ?? '').includes(',')) {
      throw new UrlError(
        `SQLAlchemy cannot read "${authority}": make_url takes everything after the first ":" as the port and raises ValueError.`,
        'host',
        hostRange[0],
        idx.port![1],
        'Name several servers as query parameters: ?host=h1:5432&host=h2:5433 (or ?host=h1,h2&port=5432,5433).',
      );
    }
    // libpq's URI form (and SQLAlchemy's host "h1,h2", which the drivers split): host[:port] entries.
    authorityHosts = authority.split(',').map((entry) => {
      const m2 = /^([^:]*)(?::(\d*))?$/.exec(entry);
      if (!m2 || !m2[1]) throw new UrlError(`"${entry}" is not a host[:port].`, 'host', hostRange[0], hostRange[0] + authority.length, 'List servers as host:port separated by commas, for example h1:5432,h2:5433.');
      return { host: m2[1], ...(m2[2] ? { port: parsePort(m2[2], hostRange[0]) } : {}) };
    });
    host = authorityHosts[0]!.host;
    rawPort = undefined;
  }
  if (host !== undefined && /\s/.test(host)) throw new UrlError('The host contains a space.', 'host', hostRange[0], hostRange[1], 'Remove the space or fix the host name.');
  const port = authorityHosts ? authorityHosts[0]!.port : rawPort !== undefined ? parsePort(rawPort, idx.port![0]) : undefined;
  let database = g.database ?? '';
  let pairs: QueryPair[];
  try {
    pairs = parseQuery(g.query ?? '', idx.query ? idx.query[0] : text.length);
  } catch (err) {
    if (err instanceof ParamDecodeError) throw new UrlError(err.message, 'query', err.start, err.end, 'Encode % as %25 in query values.');
    throw err;
  }
  // Plain (driver-less) PostgreSQL and MySQL URLs come from libpq-style tools, which decode the path.
  if (driverName === undefined && backend !== 'sqlite' && database.includes('%')) {
    const [ds, de] = idx.database!;
    database = decodeStrict(database, () => new UrlError('The database name has a malformed %-escape.', 'database', ds, de, 'Encode % as %25.'));
  }

  const parsed: ParsedConnection = {
    backend,
    ...(driver ? { driver } : {}),
    ...(syncDriver ? { syncDriver } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    database,
    tls: { mode: 'prefer' },
    options: { params: {} },
    warnings,
    source: 'url',
  };
  if (backend === 'sqlite') {
    if (host !== undefined || port !== undefined || user !== undefined || password !== undefined) {
      throw new UrlError(
        'A SQLite URL has no host, port or user.',
        'host',
        schemeEnd + 3,
        idx.database ? idx.database[0] - 1 : text.length,
        'Use sqlite+aiosqlite:///relative/path.db, sqlite+aiosqlite:////absolute/path.db, or sqlite+aiosqlite:// for an in-memory database.',
      );
    }
    parsed.database = database === '' ? ':memory:' : database;
    parsed.tls = { mode: 'disable' };
    const params: Record<string, string> = {};
    for (const p of pairs) assignUnique(params, p);
    parsed.options.params = takeSecrets(parsed, params);
    return parsed;
  }
  if (host !== undefined && host !== '') parsed.host = host;
  if (port !== undefined) parsed.port = port;
  if (authorityHosts && authorityHosts.length > 1) setHosts(parsed, authorityHosts);
  applyQuery(parsed, pairs, driver);
  return parsed;
}

function parsePort(raw: string, start: number): number | undefined {
  if (raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) {
    throw new UrlError(`"${raw}" is not a port number.`, 'port', start, start + raw.length, 'A port is a whole number from 1 to 65535, for example 5432 or 3306.');
  }
  return n;
}

function assignUnique(params: Record<string, string>, p: QueryPair): void {
  if (Object.prototype.hasOwnProperty.call(params, p.key)) {
    throw new UrlError(`The query parameter "${p.key}" is given twice.`, 'query', p.start, p.end, 'Keep one value; Poolscope connects to one server with one setting per parameter.');
  }
  params[p.key] = p.value;
}

/** Maps the parameters each driver really understands onto profile fields; keeps the rest verbatim. */
function applyQuery(parsed: ParsedConnection, pairs: QueryPair[], driver: PyDriver | undefined): void {
  const family = BACKEND_INFO[parsed.backend].family;
  const params: Record<string, string> = {};
  // Several ?host= are SQLAlchemy's multi-host form (a tuple in url.query); queryHosts reads them.
  for (const p of pairs) if (!(family === 'postgresql' && p.key === 'host')) assignUnique(params, p);
  const take = (key: string): string | undefined => {
    const v = params[key];
    delete params[key];
    return v;
  };
  const tlsMode = (value: string, key: string): TlsMode => {
    const v = value.toLowerCase();
    if ((TLS_MODES as readonly string[]).includes(v)) return v as TlsMode;
    if (v === 'allow') return 'prefer';
    const p = pairs.find((x) => x.key === key)!;
    throw new UrlError(`${key}=${value} is not a TLS mode.`, 'query', p.start, p.end, `Use one of ${TLS_MODES.join(', ')}.`);
  };
  if (family === 'postgresql') {
    queryHosts(parsed, pairs, params);
    if (driver === 'asyncpg') {
      // asyncpg.connect(ssl=...) takes libpq's mode names; everything else is not a URL parameter for asyncpg.
      const ssl = take('ssl');
      if (ssl !== undefined) parsed.tls.mode = tlsMode(ssl, 'ssl');
    } else {
      const mode = take('sslmode');
      if (mode !== undefined) parsed.tls.mode = tlsMode(mode, 'sslmode');
      const ca = take('sslrootcert');
      const cert = take('sslcert');
      const key = take('sslkey');
      if (ca !== undefined) parsed.tls.ca = ca;
      if (cert !== undefined) parsed.tls.cert = cert;
      if (key !== undefined) parsed.tls.key = key;
      const app = take('application_name');
      if (app !== undefined) parsed.options.applicationName = app;
      const timeout = take('connect_timeout');
      if (timeout !== undefined) parsed.options.connectTimeoutSec = numberParam(timeout, 'connect_timeout', pairs);
    }
  } else {
    const sock = take('unix_socket');
    if (sock !== undefined) parsed.socket = sock;
    const charset = take('charset');
    if (charset !== undefined) parsed.options.charset = charset;
    const timeout = take('connect_timeout');
    if (timeout !== undefined) parsed.options.connectTimeoutSec = numberParam(timeout, 'connect_timeout', pairs);
    // PyMySQL-style TLS (aiomysql and asyncmy read the same keys). No ssl_* key: no TLS at all.
    // Any key: TLS; with ssl_ca the certificate is verified, and the host name too unless
    // ssl_check_hostname is false.
    const ca = take('ssl_ca');
    const cert = take('ssl_cert');
    const key = take('ssl_key');
    const check = take('ssl_check_hostname');
    const anyTls = ca !== undefined || cert !== undefined || key !== undefined || check !== undefined || 'ssl_capath' in params || 'ssl_cipher' in params;
    if (ca !== undefined) parsed.tls.ca = ca;
    if (cert !== undefined) parsed.tls.cert = cert;
    if (key !== undefined) parsed.tls.key = key;
    const checkOff = check !== undefined && /^(false|0|no|off)$/i.test(check);
    parsed.tls.mode = !anyTls ? 'disable' : ca !== undefined ? (checkOff ? 'verify-ca' : 'verify-full') : 'require';
  }
  parsed.options.params = takeSecrets(parsed, params);
}

/**
 * Secrets never stay among the ordinary parameters: `password` becomes the password (the query
 * value wins over the user part, as SQLAlchemy's create_connect_args has it for asyncpg, psycopg,
 * aiomysql and asyncmy), the others (sslpassword …) go to `secretParams`.
 */
function takeSecrets(parsed: ParsedConnection, params: Record<string, string>): Record<string, string> {
  const split = splitSecretParams(params);
  if (split.password !== undefined) parsed.password = split.password;
  if (Object.keys(split.secrets).length) parsed.secretParams = split.secrets;
  return split.params;
}

function setHosts(parsed: ParsedConnection, hosts: Array<{ host: string; port?: number }>): void {
  parsed.host = hosts[0]!.host;
  if (hosts[0]!.port !== undefined) parsed.port = hosts[0]!.port;
  else delete parsed.port;
  parsed.hosts = hosts.map((h) => (h.port !== undefined ? `${h.host}:${h.port}` : h.host));
  parsed.warnings.push(`This names ${hosts.length} servers (${parsed.hosts.join(', ')}); the driver tries them in order. Poolscope examines and saves the first, ${parsed.hosts[0]}.`);
}

/**
 * PostgreSQL's ?host= as SQLAlchemy's asyncpg and psycopg dialects read it: one value replaces the
 * URL's host (or names a socket folder); several (`host=h1:5432&host=h2:5433`) or a comma list with
 * a matching `port=` list (`host=h1,h2&port=5432,5433`) name several servers; mixing the two forms
 * is refused as SQLAlchemy refuses it.
 */
function queryHosts(parsed: ParsedConnection, pairs: QueryPair[], params: Record<string, string>): void {
  const given = pairs.filter((p) => p.key === 'host');
  if (given.length === 0) return;
  const first = given[0]!;
  const last = given[given.length - 1]!;
  if (given.length === 1 && !first.value.includes(',')) {
    if (first.value.startsWith('/')) parsed.socket = first.value;
    else {
      if (parsed.host !== undefined && parsed.host !== first.value) parsed.warnings.push(`?host=${first.value} replaces the host ${parsed.host} in the URL, as SQLAlchemy does.`);
      parsed.host = first.value;
    }
    return;
  }
  if (parsed.hosts) throw new UrlError('Servers are listed both in the URL and in ?host=.', 'query', first.start, last.end, 'List them in one place: ?host=h1:5432&host=h2:5433.');
  if (given.length > 1) {
    if (given.some((p) => p.value.includes(',')) || params.port !== undefined) {
      throw new UrlError("SQLAlchemy refuses to mix the multi-host forms (\"Can't mix 'multihost' formats together\").", 'query', first.start, last.end, 'Use host=h1:p1&host=h2:p2, or host=h1,h2&port=p1,p2, not both.');
    }
    const hosts = given.map((p) => {
      const m = /^(.*?)(?::([^:]*))?$/.exec(p.value)!;
      return { host: m[1]!, port: m[2] === undefined ? undefined : parsePort(m[2], p.start) };
    });
    if (hosts.some((h) => h.port === undefined) && hosts.some((h) => h.port !== undefined)) {
      throw new UrlError('Some of the hosts have a port and some do not: asyncpg refuses that ("All ports are required to be present").', 'query', first.start, last.end, 'Give every host its port: ?host=h1:5432&host=h2:5432.');
    }
    setHosts(parsed, hosts.map((h) => ({ host: h.host, ...(h.port !== undefined ? { port: h.port } : {}) })));
    return;
  }
  const names = first.value.split(',');
  const portList = params.port?.split(',');
  if (portList && portList.length !== names.length && portList.length !== 1) {
    throw new UrlError(`${names.length} hosts but ${portList.length} ports.`, 'query', first.start, first.end, 'Give one port for all hosts, or one per host in the same order.');
  }
  delete params.port;
  setHosts(
    parsed,
    names.map((h, i) => {
      const p = portList ? (portList[i] ?? portList[0]) : undefined;
      return { host: h, ...(p !== undefined ? { port: parsePort(p, first.start) as number } : {}) };
    }),
  );
}

function numberParam(value: string, key: string, pairs: QueryPair[]): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    const p = pairs.find((x) => x.key === key)!;
    throw new UrlError(`${key}=${value} is not a positive number of seconds.`, 'query', p.start, p.end, `Give ${key} in seconds, for example ${key}=10.`);
  }
  return n;
}

/** libpq `key=value` connection strings (values may be single-quoted with backslash escapes). */
export function parseLibpq(input: string): ParsedConnection {
  const text = input.trim();
  const pairs: QueryPair[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && /[A-Za-z_]/.test(text[i]!)) i++;
    const key = text.slice(keyStart, i);
    while (i < text.length && text[i] === ' ') i++;
    if (!key || text[i] !== '=') {
      throw new UrlError(`Expected key=value at "${text.slice(keyStart, keyStart + 12)}".`, 'input', keyStart, Math.max(i, keyStart + 1), 'Separate settings with spaces: host=db port=5432 dbname=app user=app.');
    }
    i++;
    while (i < text.length && text[i] === ' ') i++;
    let value = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) throw new UrlError(`The quoted value of ${key} is not closed.`, key === 'password' ? 'password' : 'input', keyStart, text.length, "Close the value with a single quote; write \\' for a quote inside it.");
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
    }
    pairs.push({ key, value, start: keyStart, end: i });
  }
  const kv: Record<string, string> = {};
  for (const p of pairs) assignUnique(kv, p);
  const parsed: ParsedConnection = { backend: 'postgresql', database: '', tls: { mode: 'prefer' }, options: { params: {} }, warnings: [], source: 'libpq' };
  const host = kv.host ?? kv.hostaddr;
  delete kv.host;
  delete kv.hostaddr;
  const portEntry = pairs.find((x) => x.key === 'port');
  if (host !== undefined && host.includes(',')) {
    // libpq: host=h1,h2 port=5432,5433 (one port for all, or one per host).
    const names = host.split(',');
    const ports = kv.port?.split(',');
    if (ports && ports.length !== 1 && ports.length !== names.length) throw new UrlError(`${names.length} hosts but ${ports.length} ports.`, 'input', 0, text.length, 'Give one port for all hosts, or one per host in the same order.');
    delete kv.port;
    setHosts(
      parsed,
      names.map((h, i) => {
        const p = ports ? (ports[i] ?? ports[0])! : undefined;
        return { host: h, ...(p ? { port: parsePort(p, portEntry?.start ?? 0) as number } : {}) };
      }),
    );
  } else if (host !== undefined) {
    if (host.startsWith('/')) parsed.socket = host;
    else parsed.host = host;
  }
  if (kv.port !== undefined) {
    parsed.port = parsePort(kv.port, portEntry!.start);
    delete kv.port;
  }
  if (kv.dbname !== undefined) parsed.database = kv.dbname;
  if (kv.user !== undefined) parsed.user = kv.user;
  delete kv.dbname;
  delete kv.user;
  applyQuery(
    parsed,
    Object.entries(kv).map(([key, value]) => pairs.find((p) => p.key === key) ?? { key, value, start: 0, end: 0 }),
    undefined,
  );
  return parsed;
}

/**
 * Profile fields from a parsed URL, ready for the connection form or `connections.create`. Secret
 * parameters appear by name only (`options.secretParams`); with `withSecretValues` their values ride
 * in `options.params` instead, for `connections.create`/`import`, whose store moves them into the
 * encrypted secret store before anything is written (the password travels beside the profile).
 */
export function profileFieldsFromParsed(parsed: ParsedConnection, opts: { withSecretValues?: boolean } = {}): Partial<ProfileData> & Pick<ProfileData, 'backend'> {
  const secrets = parsed.secretParams ?? {};
  const names = Object.keys(secrets).sort();
  const params = opts.withSecretValues ? { ...parsed.options.params, ...secrets } : parsed.options.params;
  return {
    backend: parsed.backend,
    ...(parsed.host !== undefined ? { host: parsed.host } : {}),
    ...(parsed.port !== undefined ? { port: parsed.port } : {}),
    ...(parsed.socket !== undefined ? { socket: parsed.socket } : {}),
    database: parsed.database,
    ...(parsed.user !== undefined ? { user: parsed.user } : {}),
    tls: parsed.tls,
    options: {
      connectTimeoutSec: parsed.options.connectTimeoutSec ?? 10,
      params,
      ...(names.length && !opts.withSecretValues ? { secretParams: names } : {}),
      ...(parsed.options.charset !== undefined ? { charset: parsed.options.charset } : {}),
      ...(parsed.options.applicationName !== undefined ? { applicationName: parsed.options.applicationName } : {}),
    },
    ...(parsed.password !== undefined ? { passwordMode: 'saved' as const } : {}),
  };
}
