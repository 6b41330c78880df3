import { describe, expect, it } from 'vitest';
import { asyncpgPassword, matchPgpass, pgpassFields, pgpassKey, pgpassPermissionProblem, readPgpass } from './pgpass';

/**
 * libpq's .pgpass rules (fe-connect.c, PostgreSQL 15), case by case. The same cases run through
 * libpq itself in pgpass-libpq.integration.test.ts.
 */
const file = [
  '# comment: never matched, even if it looked like db:5432:*:*:wrong',
  'db.example.com:5432:orders:app:first',
  'db.example.com:5432:orders:app:second-never-used',
  'db.example.com:*:*:app:any-port-any-db',
  'localhost:5432:*:dev:socket-or-localhost',
  'we\\:ird:5432:d\\\\b:u\\:ser:pa\\:ss\\\\word:trailing-field-ignored',
  '*:*:*:*:catch-all',
].join('\n');
const lines = readPgpass(file);
const pw = (t: Parameters<typeof matchPgpass>[1], osUser = 'dev') => matchPgpass(lines, t, osUser)?.password;

describe('.pgpass matching, as libpq does it', () => {
  it('takes the first line whose four fields all match', () => {
    expect(pw({ host: 'db.example.com', port: 5432, database: 'orders', user: 'app' })).toBe('first');
    expect(matchPgpass(lines, { host: 'db.example.com', port: 5432, database: 'orders', user: 'app' }, 'dev')?.line).toBe(2);
  });

  it('treats a field of exactly * as a wildcard', () => {
    expect(pw({ host: 'db.example.com', port: 6432, database: 'reports', user: 'app' })).toBe('any-port-any-db');
    expect(pw({ host: 'other', port: 1, database: 'x', user: 'y' })).toBe('catch-all');
  });

  it('defaults the port to 5432 and the database to the user, and the user to the OS user', () => {
    expect(pw({ host: 'localhost' })).toBe('socket-or-localhost');
    expect(pgpassKey({ host: 'h' }, 'dev')).toEqual({ host: 'h', port: '5432', database: 'dev', user: 'dev' });
    expect(pgpassKey({ host: 'h', user: 'app' }, 'dev')).toEqual({ host: 'h', port: '5432', database: 'app', user: 'app' });
  });

  it('looks a socket in libpq\'s default socket folder, or no host at all, up as localhost', () => {
    const linux = (host?: string) => matchPgpass(lines, { ...(host ? { host } : {}), database: 'x' }, 'dev', '/var/run/postgresql')?.password;
    expect(linux('/var/run/postgresql')).toBe('socket-or-localhost');
    expect(linux()).toBe('socket-or-localhost');
    // Any other socket folder is compared literally, like any host name (libpq uses strcmp).
    expect(linux('/tmp')).toBe('catch-all');
    expect(linux('/var/run/postgresql/')).toBe('catch-all');
    expect(matchPgpass(lines, { host: '/tmp', database: 'x' }, 'dev', '/tmp')?.password).toBe('socket-or-localhost');
  });

  it('compares host names literally: 127.0.0.1 is not localhost', () => {
    const only = readPgpass('localhost:5432:*:dev:local');
    expect(matchPgpass(only, { host: '127.0.0.1' }, 'dev')).toBeNull();
    expect(matchPgpass(only, { host: 'LOCALHOST' }, 'dev')).toBeNull();
  });

  it('honours \\: and \\\\ escapes in fields and in the password, which ends at the next unescaped colon', () => {
    expect(pw({ host: 'we:ird', port: 5432, database: 'd\\b', user: 'u:ser' })).toBe('pa:ss\\word');
    expect(pgpassFields('we\\:ird:5432:d\\\\b:u\\:ser:secret')).toEqual({ host: 'we:ird', port: '5432', database: 'd\\b', user: 'u:ser' });
  });

  it('matches a literal * only as a wildcard when it is the whole field', () => {
    const only = readPgpass('*x:5432:db:u:literal');
    expect(matchPgpass(only, { host: '*x', port: 5432, database: 'db', user: 'u' }, 'dev')?.password).toBe('literal');
    expect(matchPgpass(only, { host: 'ax', port: 5432, database: 'db', user: 'u' }, 'dev')).toBeNull();
  });

  it('skips comments and blank lines, strips CR/LF, and never matches a line with too few fields', () => {
    const l = readPgpass('#h:5432:d:u:no\r\n\r\nh:5432:d:u:yes\r\nh:5432:d\n');
    expect(l.map((x) => x.line)).toEqual([3, 4]);
    expect(matchPgpass(l, { host: 'h', port: 5432, database: 'd', user: 'u' }, 'dev')?.password).toBe('yes');
    expect(matchPgpass(readPgpass('h:5432:d'), { host: 'h', port: 5432, database: 'd', user: 'u' }, 'dev')).toBeNull();
    // A comment must start in column 1: an indented # line is an ordinary (non-matching) line.
    expect(readPgpass('  #x').length).toBe(1);
  });

  it('gives an empty password when the line ends after the user field', () => {
    expect(matchPgpass(readPgpass('h:5432:d:u:'), { host: 'h', port: 5432, database: 'd', user: 'u' }, 'dev')?.password).toBe('');
  });

  it('reports a file libpq ignores because group or others may read it (not on Windows)', () => {
    expect(pgpassPermissionProblem(0o100600, 'linux')).toBeNull();
    expect(pgpassPermissionProblem(0o100640, 'linux')).toMatch(/ignores this file.*mode 640.*chmod 600/);
    expect(pgpassPermissionProblem(0o100644, 'darwin')).toMatch(/644/);
    expect(pgpassPermissionProblem(0o100644, 'win32')).toBeNull();
  });

  it('knows where asyncpg reads a line differently: it keeps the escapes (this example was run through asyncpg 0.31 _read_password_from_pgpass by hand)', () => {
    expect(asyncpgPassword('127.0.0.1:5432:d:u:p\\:a\\\\ss')).toBe('p\\:a\\\\ss');
    expect(matchPgpass(readPgpass('127.0.0.1:5432:d:u:p\\:a\\\\ss'), { host: '127.0.0.1', port: 5432, database: 'd', user: 'u' }, 'dev')?.password).toBe('p:a\\ss');
    expect(asyncpgPassword('h:5432:d:u:plain')).toBe('plain');
    expect(asyncpgPassword('h:5432:d')).toBeNull();
  });
});
