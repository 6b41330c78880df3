import { splitSecretParams } from '../../../shared/url-secrets';
import type { Backend } from '../../../shared/backends';

/**
 * JDBC URLs as DBeaver and DataGrip store them, for the backends Poolscope works with:
 * jdbc:postgresql://host[:port]/db?k=v, jdbc:postgresql:db, jdbc:mysql://…, jdbc:mariadb://…,
 * jdbc:sqlite:path. Anything else (several hosts, load-balancing schemes, other databases) is
 * reported as such rather than guessed at.
 */
export interface JdbcTarget {
  backend: Backend;
  host?: string;
  port?: number;
  database: string;
  params: Record<string, string>;
}

export class JdbcError extends Error {}

const SCHEMES: Record<string, Backend> = { postgresql: 'postgresql', mysql: 'mysql', mariadb: 'mariadb', sqlite: 'sqlite' };

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseJdbcUrl(url: string): JdbcTarget {
  const m = /^jdbc:([a-z0-9]+):(.*)$/i.exec(url.trim());
  if (!m) throw new JdbcError(`"${url.slice(0, 60)}" is not a JDBC URL.`);
  const backend = SCHEMES[m[1]!.toLowerCase()];
  if (!backend) throw new JdbcError(`jdbc:${m[1]} is not PostgreSQL, MySQL, MariaDB or SQLite.`);
  const rest = m[2]!;
  if (backend === 'sqlite') {
    const path = rest.replace(/^file:/, '').split('?')[0]!;
    return { backend, database: path === '' || path === ':memory:' ? ':memory:' : decode(path), params: {} };
  }
  const [main, query = ''] = splitOnce(rest, '?');
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const [k, v = ''] = splitOnce(pair, '=');
    params[decode(k)] = decode(v);
  }
  if (!main.startsWith('//')) {
    // jdbc:postgresql:db and jdbc:postgresql:/ mean localhost:5432.
    if (/^[a-z]+:/i.test(main)) throw new JdbcError(`The JDBC URL uses jdbc:${m[1]}:${main.split(':')[0]}, a driver mode Poolscope does not read; give host and port instead.`);
    return { backend, host: 'localhost', database: decode(main.replace(/^\//, '')), params };
  }
  const hostPart = main.slice(2);
  const slash = hostPart.indexOf('/');
  const authority = slash < 0 ? hostPart : hostPart.slice(0, slash);
  const database = slash < 0 ? '' : decode(hostPart.slice(slash + 1));
  if (authority.includes(',')) throw new JdbcError('This JDBC URL names several hosts; Poolscope connects to one server at a time.');
  let host = authority;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
  const v4 = /^([^:]*)(?::(\d*))?$/.exec(authority);
  if (v6) {
    host = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else if (v4) {
    host = v4[1]!;
    if (v4[2]) port = Number(v4[2]);
  } else throw new JdbcError(`The host part "${authority.slice(0, 40)}" of the JDBC URL could not be read.`);
  if (port !== undefined && (port < 1 || port > 65535)) throw new JdbcError(`${port} is not a port number.`);
  return { backend, ...(host ? { host } : { host: 'localhost' }), ...(port !== undefined ? { port } : {}), database, params };
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/**
 * The secret parameters of a JDBC URL (pgjdbc reads sslpassword and password from the query), for a
 * candidate's `secretParams`: the tools keep other driver properties to themselves, but a secret
 * written into the URL would otherwise be lost on import. `password` is left to the tool's own one.
 */
export function jdbcSecretParams(url: string | undefined): Record<string, string> | undefined {
  if (!url) return undefined;
  let params: Record<string, string>;
  try {
    params = parseJdbcUrl(url).params;
  } catch {
    return undefined;
  }
  const { secrets } = splitSecretParams(params);
  return Object.keys(secrets).length ? secrets : undefined;
}
