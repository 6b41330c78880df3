/**
 * Backend and driver metadata as data, so the rest of the code looks facts up instead of
 * branching on backend names.
 */
export const BACKENDS = ['postgresql', 'mysql', 'mariadb', 'sqlite'] as const;
export type Backend = (typeof BACKENDS)[number];

export const PY_DRIVERS = ['asyncpg', 'psycopg', 'aiomysql', 'asyncmy', 'aiosqlite'] as const;
export type PyDriver = (typeof PY_DRIVERS)[number];

export type BackendFamily = 'postgresql' | 'mysql' | 'sqlite';

export interface BackendInfo {
  id: Backend;
  label: string;
  family: BackendFamily;
  defaultPort: number | null;
  /** Python async drivers SQLAlchemy 2.0 supports for this backend, preferred first. */
  drivers: readonly PyDriver[];
  /** The dialect name in a SQLAlchemy URL (`<dialect>+<driver>://`). */
  dialect: string;
  defaultDatabase: string;
  defaultUser: string;
}

export const BACKEND_INFO: Record<Backend, BackendInfo> = {
  postgresql: {
    id: 'postgresql',
    label: 'PostgreSQL',
    family: 'postgresql',
    defaultPort: 5432,
    drivers: ['asyncpg', 'psycopg'],
    dialect: 'postgresql',
    defaultDatabase: 'postgres',
    defaultUser: 'postgres',
  },
  mysql: {
    id: 'mysql',
    label: 'MySQL',
    family: 'mysql',
    defaultPort: 3306,
    drivers: ['aiomysql', 'asyncmy'],
    dialect: 'mysql',
    defaultDatabase: '',
    defaultUser: 'root',
  },
  mariadb: {
    id: 'mariadb',
    label: 'MariaDB',
    family: 'mysql',
    defaultPort: 3306,
    drivers: ['asyncmy', 'aiomysql'],
    dialect: 'mariadb',
    defaultDatabase: '',
    defaultUser: 'root',
  },
  sqlite: {
    id: 'sqlite',
    label: 'SQLite',
    family: 'sqlite',
    defaultPort: null,
    drivers: ['aiosqlite'],
    dialect: 'sqlite',
    defaultDatabase: ':memory:',
    defaultUser: '',
  },
};

export interface PyDriverInfo {
  id: PyDriver;
  label: string;
  family: BackendFamily;
  /** pip requirement line(s) for the driver itself. */
  requirement: string;
  /**
   * How the driver, under SQLAlchemy 2.0, takes a client key's passphrase: `url` when it reads the
   * URL parameter (psycopg hands sslpassword to libpq), `ssl-context` when only an ssl.SSLContext can
   * carry it (SQLAlchemy passes asyncpg, aiomysql and asyncmy every URL parameter as a keyword their
   * connect() refuses), null where there is no TLS.
   */
  keyPassphrase: 'url' | 'ssl-context' | null;
}

export const PY_DRIVER_INFO: Record<PyDriver, PyDriverInfo> = {
  asyncpg: { id: 'asyncpg', label: 'asyncpg', family: 'postgresql', requirement: 'asyncpg', keyPassphrase: 'ssl-context' },
  psycopg: { id: 'psycopg', label: 'psycopg 3', family: 'postgresql', requirement: 'psycopg[binary]', keyPassphrase: 'url' },
  aiomysql: { id: 'aiomysql', label: 'aiomysql', family: 'mysql', requirement: 'aiomysql', keyPassphrase: 'ssl-context' },
  asyncmy: { id: 'asyncmy', label: 'asyncmy', family: 'mysql', requirement: 'asyncmy', keyPassphrase: 'ssl-context' },
  aiosqlite: { id: 'aiosqlite', label: 'aiosqlite', family: 'sqlite', requirement: 'aiosqlite', keyPassphrase: null },
};

export function familyOf(backend: Backend): BackendFamily {
  return BACKEND_INFO[backend].family;
}

export function isMemorySqlite(database: string): boolean {
  return database === '' || database === ':memory:' || /^file:.*mode=memory/.test(database);
}

/**
 * SQLAlchemy's rule (pysqlite's _is_url_file_db, which aiosqlite inherits): a database is in memory
 * when the URL names none, names ":memory:", or carries the query parameter mode=memory, whatever
 * the file name says (`sqlite+aiosqlite:///file:memdb1?mode=memory&cache=shared&uri=true`).
 */
export function isMemorySqliteProfile(profile: { database: string; options?: { params?: Record<string, string> } }): boolean {
  return isMemorySqlite(profile.database) || profile.options?.params?.['mode'] === 'memory';
}
