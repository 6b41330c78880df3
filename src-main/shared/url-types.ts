import type { Backend, PyDriver } from './backends';
import type { ProfileData, TlsSettings } from './profile';

/** What the URL parser produces and the formatter takes, shared by url.ts and url-format.ts. */

export class UrlError extends Error {
  constructor(
    message: string,
    /** Which part was wrong: scheme, driver, userinfo, password, host, port, database, query, input. */
    readonly part: string,
    /** Character range in the (trimmed) input, for underlining. Never the password text itself. */
    readonly start: number,
    readonly end: number,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'UrlError';
  }
}

export interface ParsedConnection {
  backend: Backend;
  /** The Python async driver the URL named, if any. */
  driver?: PyDriver;
  /** A synchronous driver the URL named (psycopg2, pymysql …): kept to tell the user. */
  syncDriver?: string;
  host?: string;
  port?: number;
  /**
   * Every server a multi-host URL names, in the order the driver tries them (`h1:5432`): the
   * profile keeps the first (host and port above), a warning says so.
   */
  hosts?: string[];
  socket?: string;
  database: string;
  user?: string;
  password?: string;
  /** Secret parameters other than the password (sslpassword, oauth_client_secret …), never among `options.params`. */
  secretParams?: Record<string, string>;
  tls: TlsSettings;
  options: { charset?: string; applicationName?: string; connectTimeoutSec?: number; params: Record<string, string> };
  warnings: string[];
  source: 'url' | 'libpq';
}

/** The profile fields a URL carries. */
export type UrlProfile = Pick<ProfileData, 'backend' | 'host' | 'port' | 'socket' | 'database' | 'user' | 'tls' | 'options'> & {
  service?: { driver?: PyDriver };
};
