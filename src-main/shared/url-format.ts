import { BACKEND_INFO, isMemorySqlite, type PyDriver } from './backends';
import { encodeUserinfo, formatQuery } from './url-encoding';
import { SECRET_MASK } from './url-secrets';
import { UrlError, type UrlProfile } from './url-types';

/** SQLAlchemy URLs out: the profile rendered with the parameters each driver understands. */

export interface FormatUrlOptions {
  driver?: PyDriver | null;
  password?: string | 'masked';
  /** The values of the profile's secret parameters; without them each shows `mask`. */
  secrets?: Record<string, string>;
  /** What stands in for a secret parameter's value (default `***`). */
  mask?: string;
}

/**
 * A SQLAlchemy URL for a profile, rendered the way SQLAlchemy's `URL.render_as_string` does
 * (sorted query keys). The password appears only when given; `'masked'` shows `***` in its place.
 * Secret parameters (sslpassword …) are always there, masked unless their values are given.
 */
export function formatUrl(p: UrlProfile, opts: FormatUrlOptions = {}): string {
  const info = BACKEND_INFO[p.backend];
  const driver = opts.driver === null ? undefined : (opts.driver ?? p.service?.driver ?? info.drivers[0]);
  let s = `${info.dialect}${driver ? `+${driver}` : ''}://`;
  if (p.backend === 'sqlite') {
    const db = p.database;
    if (!isMemorySqlite(db)) s += `/${db}`;
    else if (db && db !== ':memory:') s += `/${db}`;
    return s + formatQuery([...Object.entries(p.options.params ?? {}), ...secretPairs(p, opts)], rawValues(p, opts));
  }
  if (p.user) {
    s += encodeUserinfo(p.user);
    if (opts.password !== undefined) s += `:${opts.password === 'masked' ? '***' : encodeUserinfo(opts.password)}`;
    s += '@';
  } else if (opts.password !== undefined) {
    s += `:${opts.password === 'masked' ? '***' : encodeUserinfo(opts.password)}@`;
  }
  if (!p.socket || p.host) {
    if (p.host) s += p.host.includes(':') ? `[${p.host}]` : p.host;
    if (p.port) s += `:${p.port}`;
  } else if (p.port && info.family === 'postgresql') {
    // A PostgreSQL socket is a folder and the port names the file in it (.s.PGSQL.6432). SQLAlchemy's
    // grammar takes a port without a host (`user@:6432/db?host=/var/run/postgresql`), and asyncpg and
    // psycopg both get host=<folder> and that port from it; without it they dial .s.PGSQL.5432.
    // A MySQL unix_socket is the file itself, so its URL needs no port.
    s += `:${p.port}`;
  }
  if (p.database) {
    if (p.database.includes('?')) {
      throw new UrlError('The database name contains "?", which a SQLAlchemy URL cannot carry.', 'database', 0, 0, 'Build the URL with sqlalchemy.URL.create(database=...) instead.');
    }
    s += `/${p.database}`;
  }
  return s + formatQuery([...queryFor(p, driver), ...secretPairs(p, opts)], rawValues(p, opts));
}

function secretPairs(p: UrlProfile, opts: FormatUrlOptions): Array<[string, string]> {
  return (p.options.secretParams ?? []).map((k) => [k, opts.secrets?.[k] ?? opts.mask ?? SECRET_MASK]);
}

/** Masked secret parameters are written as they are (`***`, not `%2A%2A%2A`), so a person sees the mask. */
function rawValues(p: UrlProfile, opts: FormatUrlOptions): Set<string> {
  return new Set((p.options.secretParams ?? []).filter((k) => opts.secrets?.[k] === undefined));
}

/** The query parameters this driver needs to express the profile's settings, plus the kept ones. */
export function queryFor(p: UrlProfile, driver: PyDriver | undefined): Array<[string, string]> {
  const family = BACKEND_INFO[p.backend].family;
  const out: Array<[string, string]> = Object.entries(p.options.params ?? {});
  const tls = p.tls;
  if (family === 'postgresql') {
    if (p.socket) out.push(['host', p.socket]);
    if (driver === 'asyncpg') {
      if (tls.mode !== 'prefer') out.push(['ssl', tls.mode]);
    } else {
      if (tls.mode !== 'prefer') out.push(['sslmode', tls.mode]);
      if (tls.ca) out.push(['sslrootcert', tls.ca]);
      if (tls.cert) out.push(['sslcert', tls.cert]);
      if (tls.key) out.push(['sslkey', tls.key]);
      if (p.options.applicationName) out.push(['application_name', p.options.applicationName]);
      if (p.options.connectTimeoutSec !== undefined && p.options.connectTimeoutSec !== 10) out.push(['connect_timeout', String(p.options.connectTimeoutSec)]);
    }
  } else if (family === 'mysql') {
    if (p.socket) out.push(['unix_socket', p.socket]);
    if (p.options.charset) out.push(['charset', p.options.charset]);
    if (p.options.connectTimeoutSec !== undefined && p.options.connectTimeoutSec !== 10) out.push(['connect_timeout', String(p.options.connectTimeoutSec)]);
    if (tls.ca) out.push(['ssl_ca', tls.ca]);
    if (tls.cert) out.push(['ssl_cert', tls.cert]);
    if (tls.key) out.push(['ssl_key', tls.key]);
    // TLS without host-name checking, or TLS with nothing else to switch it on, is ssl_check_hostname=false.
    if (tls.mode === 'verify-ca' || (tls.mode === 'require' && !tls.ca && !tls.cert && !tls.key)) out.push(['ssl_check_hostname', 'false']);
  }
  return out;
}
