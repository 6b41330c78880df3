import type { BackendFamily } from './backends';
import type { Product } from './facts';

/**
 * What a server is and which version it runs, decided in one place from what it reports about
 * itself: VERSION() (or the protocol greeting) and @@version_comment on MySQL and MariaDB,
 * server_version on PostgreSQL, sqlite_version() on SQLite. Every reader (connection test,
 * discovery, checks, introspection) goes through identifyServer, so MariaDB behind a `mysql://`
 * profile is MariaDB everywhere.
 */
export interface ServerIdentity {
  product: Product;
  /** Dotted version, e.g. `10.11.19`, `15.4`, `17beta1`; empty when the text has none. */
  version: string;
  /** The text the server reported, as it reported it. */
  versionText: string;
}

/**
 * MariaDB 10+ announces itself as `5.5.5-10.11.19-MariaDB…` in the protocol greeting, so that
 * clients which expect a 5.x server accept it; the real version follows the prefix.
 */
export function withoutCompatPrefix(versionText: string): string {
  return versionText.replace(/^5\.5\.5-/, '');
}

// Up to three numbers, and PostgreSQL's pre-release tags (`16beta1`, `17rc1`, `18devel`).
const VERSION = /^\d+(?:\.\d+){0,2}(?:(?:alpha|beta|rc|devel)\d*)?/;

export function identifyServer(family: BackendFamily, versionText: string, versionComment = ''): ServerIdentity {
  const text = family === 'mysql' ? withoutCompatPrefix(versionText) : versionText;
  const version = VERSION.exec(text.trim())?.[0] ?? '';
  if (family !== 'mysql') return { product: family, version, versionText };
  // MariaDB says so in VERSION() (`10.11.19-MariaDB-0+deb12u1`) or in its comment; MySQL never does.
  const maria = /mariadb/i.test(versionText) || /mariadb/i.test(versionComment);
  return { product: maria ? 'mariadb' : 'mysql', version, versionText };
}

/** `major.minor.patch` as numbers, for comparisons; [0, 0, 0] when unknown. */
export function versionParts(version: string): [number, number, number] {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

export function versionAtLeast(version: string, major: number, minor = 0): boolean {
  const [a, b] = versionParts(version);
  return a > major || (a === major && b >= minor);
}
