import { describe, expect, it } from 'vitest';
import { UrlError, formatUrl, parseConnectionString, parseLibpq, parseUrl, type UrlProfile } from './url';

function err(fn: () => unknown): UrlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UrlError) return e;
    throw e;
  }
  throw new Error('expected a UrlError');
}

describe('parsing SQLAlchemy URLs', () => {
  it('reads every driver scheme from the guide', () => {
    expect(parseUrl('postgresql+asyncpg://app:secret@db:5432/production')).toMatchObject({ backend: 'postgresql', driver: 'asyncpg', user: 'app', password: 'secret', host: 'db', port: 5432, database: 'production' });
    expect(parseUrl('postgresql+psycopg://user:password@host:5432/dbname')).toMatchObject({ backend: 'postgresql', driver: 'psycopg' });
    expect(parseUrl('mysql+aiomysql://user:password@host:3306/dbname')).toMatchObject({ backend: 'mysql', driver: 'aiomysql', port: 3306 });
    expect(parseUrl('mysql+asyncmy://user:password@host:3306/dbname')).toMatchObject({ backend: 'mysql', driver: 'asyncmy' });
    expect(parseUrl('mariadb+asyncmy://u@h/db')).toMatchObject({ backend: 'mariadb', driver: 'asyncmy' });
    expect(parseUrl('mariadb+aiomysql://u@h/db')).toMatchObject({ backend: 'mariadb', driver: 'aiomysql' });
  });

  it('reads SQLite paths the way SQLAlchemy does', () => {
    expect(parseUrl('sqlite+aiosqlite:///relative.db')).toMatchObject({ backend: 'sqlite', driver: 'aiosqlite', database: 'relative.db' });
    expect(parseUrl('sqlite+aiosqlite:////abs/path.db')).toMatchObject({ database: '/abs/path.db' });
    expect(parseUrl('sqlite+aiosqlite://')).toMatchObject({ database: ':memory:' });
    expect(parseUrl('sqlite+aiosqlite:///:memory:')).toMatchObject({ database: ':memory:' });
    expect(parseUrl('sqlite+aiosqlite:///./test.db?check_same_thread=false').options.params).toEqual({ check_same_thread: 'false' });
  });

  it('reads plain postgres://, postgresql:// and mysql:// URLs and flags the postgres alias', () => {
    const heroku = parseUrl('postgres://u:p@ec2-1-2-3-4.compute.amazonaws.com:5432/d8a%20b');
    expect(heroku).toMatchObject({ backend: 'postgresql', database: 'd8a b' });
    expect(heroku.driver).toBeUndefined();
    expect(heroku.warnings.join(' ')).toMatch(/postgres:\/\/ alias/);
    expect(parseUrl('mysql://root@localhost/test')).toMatchObject({ backend: 'mysql', user: 'root', host: 'localhost', database: 'test' });
  });

  it('decodes percent-encoded user and password, keeps + literal in them (SQLAlchemy uses unquote)', () => {
    const p = parseUrl('postgresql+asyncpg://us%40er:p%40ss%2Fw%3Ard+x@db/app');
    expect(p.user).toBe('us@er');
    expect(p.password).toBe('p@ss/w:rd+x');
  });

  it('takes a password containing / and ? like SQLAlchemy does (anything but @)', () => {
    expect(parseUrl('mysql+asyncmy://u:a/b?c@h/db')).toMatchObject({ user: 'u', password: 'a/b?c', host: 'h', database: 'db' });
  });

  it('reads IPv6 hosts in brackets', () => {
    expect(parseUrl('postgresql+asyncpg://u@[::1]:6432/db')).toMatchObject({ host: '::1', port: 6432 });
    expect(parseUrl('mysql+asyncmy://u@[fe80::1%25eth0]/db').host).toBe('fe80::1%25eth0');
  });

  it('maps query parameters onto profile fields with each driver\'s own names', () => {
    const psy = parseUrl('postgresql+psycopg://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem&application_name=api&connect_timeout=5&options=-c%20x%3D1');
    expect(psy.tls).toEqual({ mode: 'verify-full', ca: '/ca.pem' });
    expect(psy.options).toEqual({ applicationName: 'api', connectTimeoutSec: 5, params: { options: '-c x=1' } });
    const apg = parseUrl('postgresql+asyncpg://u@h/db?ssl=require&prepared_statement_cache_size=0');
    expect(apg.tls.mode).toBe('require');
    expect(apg.options.params).toEqual({ prepared_statement_cache_size: '0' });
    // asyncpg.connect() has no application_name argument: kept verbatim, not modelled.
    expect(parseUrl('postgresql+asyncpg://u@h/db?application_name=x').options.params).toEqual({ application_name: 'x' });
    expect(parseUrl('postgresql+asyncpg://u@/db?host=/var/run/postgresql')).toMatchObject({ socket: '/var/run/postgresql' });
    const my = parseUrl('mysql+aiomysql://u@/db?unix_socket=/run/mysqld/mysqld.sock&charset=utf8mb4');
    expect(my).toMatchObject({ socket: '/run/mysqld/mysqld.sock', options: { charset: 'utf8mb4' }, tls: { mode: 'disable' } });
    expect(parseUrl('mysql+asyncmy://u@h/db?ssl_ca=/ca.pem').tls).toEqual({ mode: 'verify-full', ca: '/ca.pem' });
    expect(parseUrl('mysql+asyncmy://u@h/db?ssl_ca=/ca.pem&ssl_check_hostname=false').tls).toEqual({ mode: 'verify-ca', ca: '/ca.pem' });
    expect(parseUrl('mysql+asyncmy://u@h/db?ssl_check_hostname=false').tls).toEqual({ mode: 'require' });
  });

  it('follows parse_qsl: + in a query value is a space, blank values are dropped', () => {
    expect(parseUrl('postgresql+asyncpg://u@h/db?a=x+y&b=').options.params).toEqual({ a: 'x y' });
  });

  it('reports a synchronous driver instead of rejecting the URL', () => {
    const p = parseUrl('postgresql+psycopg2://u@h/db');
    expect(p.syncDriver).toBe('psycopg2');
    expect(p.driver).toBeUndefined();
    expect(p.warnings[0]).toMatch(/synchronous driver/);
  });
});

describe('errors point at the offending part', () => {
  it('unknown dialect or driver', () => {
    const e = err(() => parseUrl('oracle+cx_oracle://u@h/db'));
    expect(e).toMatchObject({ part: 'scheme', start: 0, end: 6 });
    const d = err(() => parseUrl('postgresql+asyncmy://u@h/db'));
    expect(d).toMatchObject({ part: 'driver', start: 11, end: 18 });
    expect(d.hint).toMatch(/asyncpg, psycopg/);
  });

  it('bad port, with its position', () => {
    const url = 'mysql+asyncmy://u@h:33o6/db';
    const e = err(() => parseUrl(url));
    expect(e.part).toBe('port');
    expect(url.slice(e.start, e.end)).toBe('33o6');
    expect(err(() => parseUrl('mysql+asyncmy://u@h:70000/db')).message).toMatch(/not a port number/);
  });

  it('a malformed escape in the password, without echoing the password', () => {
    const url = 'postgresql+asyncpg://u:hunter%zz2@h/db';
    const e = err(() => parseUrl(url));
    expect(e.part).toBe('password');
    expect(url.slice(e.start, e.end)).toBe('hunter%zz2');
    expect(e.message).not.toContain('hunter');
  });

  it('text after an IPv6 host, several hosts, SQLite with a host', () => {
    expect(err(() => parseUrl('postgresql+asyncpg://u@[::1]x/db')).message).toMatch(/Unexpected text "x\/db"/);
    expect(err(() => parseUrl('mysql+aiomysql://u@h1,h2/db')).message).toMatch(/several hosts/);
    expect(err(() => parseUrl('sqlite+aiosqlite://localhost/app.db')).hint).toMatch(/sqlite\+aiosqlite:\/\/\/relative/);
  });

  it('a repeated query parameter and an invalid TLS mode', () => {
    const url = 'postgresql+psycopg://u@h/db?sslmode=require&sslmode=disable';
    const e = err(() => parseUrl(url));
    expect(url.slice(e.start, e.end)).toBe('sslmode=disable');
    expect(err(() => parseUrl('postgresql+psycopg://u@h/db?sslmode=maybe')).message).toBe('sslmode=maybe is not a TLS mode.');
  });

  it('not a URL at all', () => {
    expect(err(() => parseConnectionString('')).part).toBe('input');
    expect(err(() => parseConnectionString('just some words')).hint).toMatch(/postgresql\+asyncpg:\/\//);
  });
});

describe('libpq key=value strings', () => {
  it('reads quoted values with escapes and maps TLS and options', () => {
    const p = parseLibpq("host=db.internal port=6432 dbname=app user=svc password='it\\'s a secret' sslmode=require application_name=api target_session_attrs=read-write");
    expect(p).toMatchObject({ backend: 'postgresql', host: 'db.internal', port: 6432, database: 'app', user: 'svc', password: "it's a secret", tls: { mode: 'require' } });
    expect(p.options).toEqual({ applicationName: 'api', params: { target_session_attrs: 'read-write' } });
    expect(parseConnectionString('host=/var/run/postgresql dbname=x')).toMatchObject({ socket: '/var/run/postgresql', source: 'libpq' });
  });

  it('names what is wrong', () => {
    expect(err(() => parseLibpq("host=db password='open")).message).toMatch(/quoted value of password is not closed/);
    expect(err(() => parseLibpq('host db')).message).toMatch(/Expected key=value/);
  });
});

describe('formatting URLs', () => {
  const base: UrlProfile = { backend: 'postgresql', host: 'db', port: 5432, database: 'app', user: 'app', tls: { mode: 'prefer' }, options: { connectTimeoutSec: 10, params: {} } };

  it('renders like SQLAlchemy render_as_string: quote(safe=" +") for credentials, sorted quote_plus query', () => {
    expect(formatUrl(base, { driver: 'asyncpg', password: 'p@ss w/rd+' })).toBe('postgresql+asyncpg://app:p%40ss w%2Frd+@db:5432/app');
    expect(formatUrl({ ...base, options: { connectTimeoutSec: 10, params: { z: 'a b', a: '1/2' } } }, { driver: 'psycopg' })).toBe('postgresql+psycopg://app@db:5432/app?a=1%2F2&z=a+b');
  });

  it('masks the password unless asked, and never invents one', () => {
    expect(formatUrl(base, { driver: 'asyncpg', password: 'masked' })).toBe('postgresql+asyncpg://app:***@db:5432/app');
    expect(formatUrl(base, { driver: 'asyncpg' })).toBe('postgresql+asyncpg://app@db:5432/app');
  });

  it('writes each driver\'s own TLS and socket parameters', () => {
    const tls = { ...base, tls: { mode: 'verify-full' as const, ca: '/etc/ca.pem' } };
    expect(formatUrl(tls, { driver: 'asyncpg' })).toBe('postgresql+asyncpg://app@db:5432/app?ssl=verify-full');
    expect(formatUrl(tls, { driver: 'psycopg' })).toBe('postgresql+psycopg://app@db:5432/app?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem');
    const my: UrlProfile = { backend: 'mariadb', socket: '/run/mysqld/mysqld.sock', database: 'test', user: 'root', tls: { mode: 'require' }, options: { charset: 'utf8mb4', connectTimeoutSec: 10, params: {} } };
    expect(formatUrl(my, { driver: 'asyncmy' })).toBe('mariadb+asyncmy://root@/test?charset=utf8mb4&ssl_check_hostname=false&unix_socket=%2Frun%2Fmysqld%2Fmysqld.sock');
  });

  it('keeps the port of a PostgreSQL socket profile without a host: the socket on 6432 is .s.PGSQL.6432, not 5432', () => {
    const sock: UrlProfile = { ...base, host: undefined, socket: '/var/run/postgresql', port: 6432 };
    // SQLAlchemy's grammar takes a port without a host; asyncpg and psycopg then get host=<folder> and port=6432.
    expect(formatUrl(sock, { driver: 'asyncpg' })).toBe('postgresql+asyncpg://app@:6432/app?host=%2Fvar%2Frun%2Fpostgresql');
    expect(formatUrl({ ...sock, user: undefined }, { driver: 'psycopg' })).toBe('postgresql+psycopg://:6432/app?host=%2Fvar%2Frun%2Fpostgresql');
    expect(formatUrl({ ...sock, port: undefined }, { driver: 'asyncpg' })).toBe('postgresql+asyncpg://app@/app?host=%2Fvar%2Frun%2Fpostgresql');
    expect(parseUrl('postgresql+asyncpg://user@:6432/db?host=/var/run/postgresql')).toMatchObject({ user: 'user', port: 6432, socket: '/var/run/postgresql', database: 'db' });
    expect(parseUrl('postgresql+asyncpg://user@:6432/db?host=/var/run/postgresql').host).toBeUndefined();
  });

  it('writes SQLite URLs with three or four slashes, or none for memory', () => {
    const s = (database: string) => formatUrl({ backend: 'sqlite', database, tls: { mode: 'disable' }, options: { connectTimeoutSec: 10, params: {} } });
    expect(s('app.db')).toBe('sqlite+aiosqlite:///app.db');
    expect(s('/var/lib/app.db')).toBe('sqlite+aiosqlite:////var/lib/app.db');
    expect(s(':memory:')).toBe('sqlite+aiosqlite://');
  });

  it('refuses a database name a SQLAlchemy URL cannot carry', () => {
    expect(() => formatUrl({ ...base, database: 'a?b' })).toThrow(/cannot carry/);
  });
  it('multi-host PostgreSQL URLs as SQLAlchemy reads them: the first server is saved, a warning lists them all', () => {
    const q = parseUrl('postgresql+asyncpg://u@/db?host=h1:5432&host=h2:5433');
    expect(q).toMatchObject({ host: 'h1', port: 5432, hosts: ['h1:5432', 'h2:5433'] });
    expect(q.options.params).toEqual({});
    expect(q.warnings.join(' ')).toContain('2 servers (h1:5432, h2:5433)');
    expect(parseUrl('postgresql+psycopg://u@/db?host=h1,h2&port=5432,5433')).toMatchObject({ host: 'h1', port: 5432, hosts: ['h1:5432', 'h2:5433'] });
    expect(parseUrl('postgresql://u@h1:5432,h2:5433/db')).toMatchObject({ host: 'h1', port: 5432, hosts: ['h1:5432', 'h2:5433'] });
    expect(parseUrl('postgresql+psycopg://u@h1,h2/db')).toMatchObject({ host: 'h1', hosts: ['h1', 'h2'] });
    expect(parseConnectionString('host=h1,h2 port=5432,5433 dbname=app')).toMatchObject({ host: 'h1', port: 5432, hosts: ['h1:5432', 'h2:5433'] });
    const bad = err(() => parseUrl('postgresql+asyncpg://u@h1:5432,h2:5433/db'));
    expect(bad.message).toContain('make_url');
    expect(bad.hint).toContain('?host=h1:5432&host=h2:5433');
    expect(err(() => parseUrl('postgresql+asyncpg://u@/db?host=h1:5432&host=h2')).message).toContain('All ports are required');
    expect(err(() => parseUrl('postgresql+asyncpg://u@/db?host=h1:5432&host=h2,h3')).message).toContain("Can't mix");
  });

  it('a single ?host= replaces the URL host, as SQLAlchemy does, and says so', () => {
    const p = parseUrl('postgresql+asyncpg://u@h/db?host=h2');
    expect(p.host).toBe('h2');
    expect(p.options.params).toEqual({});
    expect(p.warnings.join(' ')).toContain('replaces the host h');
  });

  it('an unencoded @ in the password is refused with the fix, without showing the password', () => {
    const url = 'postgresql+psycopg://u:hunter@2zq@h/db';
    const e = err(() => parseUrl(url));
    expect(e.part).toBe('password');
    expect(e.message).toContain('"@" that is not percent-encoded');
    for (const part of ['hunter', '2zq']) expect(`${e.message} ${e.hint}`).not.toContain(part);
    expect(e.hint).toContain('%40');
    expect(parseUrl('postgresql+psycopg://u:p%40ss@h/db').password).toBe('p@ss');
  });
});
