import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UrlError, formatUrl, parseConnectionString, parseUrl, profileFieldsFromParsed, type UrlProfile } from './url';
import { encodeQueryComponent, encodeUserinfo } from './url-encoding';

// Split by code point (Array.from), never by UTF-16 unit: half an emoji is not a character anyone can type.
const awkward = fc.string({ unit: fc.constantFrom(...Array.from('aZ09 +%@:/?#&=[]\'"\\é€😀\t!$*')), minLength: 1, maxLength: 24 });
const hostArb = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,8}){0,2}$/),
  fc.ipV4(),
  fc.constantFrom('::1', 'fe80::1', '2001:db8::8a2e:370:7334'),
);
const dbName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_$-]{0,20}$/);
const paramKey = fc.stringMatching(/^[a-z][a-z_]{1,12}$/).filter((k) => !['host', 'ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout', 'unix_socket', 'charset', 'ssl_ca', 'ssl_cert', 'ssl_key', 'ssl_check_hostname', 'ssl_capath', 'ssl_cipher'].includes(k));
const params = fc.dictionary(paramKey, awkward, { maxKeys: 3 });

const serverProfile = fc.record({
  backend: fc.constantFrom('postgresql' as const, 'mysql' as const, 'mariadb' as const),
  host: hostArb,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  database: dbName,
  user: fc.option(awkward, { nil: undefined }),
  password: fc.option(awkward, { nil: undefined }),
  params,
  charset: fc.option(fc.constantFrom('utf8mb4', 'latin1'), { nil: undefined }),
  tlsPick: fc.integer({ min: 0, max: 4 }),
  timeout: fc.constantFrom(10, 5, 30),
});

describe('URL properties (fast-check)', () => {
  it('a PostgreSQL socket profile (any port, with or without user and password) survives format then parse', () => {
    const socketProfile = fc.record({
      socket: fc.constantFrom('/var/run/postgresql', '/tmp', '/run/pgbouncer'),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      user: fc.option(awkward, { nil: undefined }),
      password: fc.option(awkward, { nil: undefined }),
      database: dbName,
      driver: fc.constantFrom('asyncpg' as const, 'psycopg' as const),
    });
    fc.assert(
      fc.property(socketProfile, (g) => {
        const profile: UrlProfile = {
          backend: 'postgresql',
          socket: g.socket,
          ...(g.port ? { port: g.port } : {}),
          database: g.database,
          ...(g.user ? { user: g.user } : {}),
          tls: { mode: 'prefer' },
          options: { connectTimeoutSec: 10, params: {} },
        };
        const url = formatUrl(profile, { driver: g.driver, ...(g.password ? { password: g.password } : {}) });
        const back = parseUrl(url);
        expect(back.host).toBeUndefined();
        expect(back.socket).toBe(g.socket);
        expect(back.port).toBe(g.port);
        expect(back.user).toBe(g.user);
        expect(back.password).toBe(g.password);
        expect(back.database).toBe(g.database);
        const again = formatUrl({ ...profileFieldsFromParsed(back), tls: back.tls, options: { ...back.options, connectTimeoutSec: 10 } } as UrlProfile, { driver: g.driver, ...(back.password !== undefined ? { password: back.password } : {}) });
        expect(again).toBe(url);
      }),
      { numRuns: 300 },
    );
  });

  it('format then parse gives back every field, for every driver, with awkward credentials', () => {
    fc.assert(
      fc.property(serverProfile, (g) => {
        const isPg = g.backend === 'postgresql';
        const driver = isPg ? (g.tlsPick % 2 ? 'asyncpg' : 'psycopg') : g.tlsPick % 2 ? 'aiomysql' : 'asyncmy';
        // Modes each driver can say in a URL (PyMySQL has no "prefer"; asyncpg's URL carries no CA path).
        const modes = isPg ? ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] : ['disable', 'require', 'verify-ca', 'verify-full'];
        const mode = modes[g.tlsPick % modes.length] as UrlProfile['tls']['mode'];
        const withCa = mode.startsWith('verify') && !(isPg && driver === 'asyncpg');
        const profile: UrlProfile = {
          backend: g.backend,
          host: g.host,
          ...(g.port ? { port: g.port } : {}),
          database: g.database,
          ...(g.user ? { user: g.user } : {}),
          tls: { mode, ...(withCa ? { ca: '/certs/ca.pem' } : {}) },
          options: { connectTimeoutSec: driver === 'asyncpg' ? 10 : g.timeout, params: g.params, ...(!isPg && g.charset ? { charset: g.charset } : {}) },
        };
        const url = formatUrl(profile, { driver, ...(g.password ? { password: g.password } : {}) });
        const back = parseUrl(url);
        expect(back.backend).toBe(g.backend);
        expect(back.driver).toBe(driver);
        expect(back.host).toBe(g.host);
        expect(back.port).toBe(g.port);
        expect(back.database).toBe(g.database);
        expect(back.user).toBe(g.user);
        expect(back.password).toBe(g.password);
        expect(back.tls).toEqual(profile.tls);
        expect(back.options.params).toEqual(g.params);
        expect(back.options.charset).toBe(profile.options.charset);
        expect(back.options.connectTimeoutSec ?? 10).toBe(profile.options.connectTimeoutSec);
        // Canonical form is a fixed point: parse then format reproduces the same string.
        const again = formatUrl({ ...profileFieldsFromParsed(back), tls: back.tls, options: { ...back.options, connectTimeoutSec: back.options.connectTimeoutSec ?? 10 } } as UrlProfile, { driver, ...(back.password !== undefined ? { password: back.password } : {}) });
        expect(again).toBe(url);
      }),
      { numRuns: 400 },
    );
  });

  it('matches Python\'s quote rules for every character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (s) => {
        const u = encodeUserinfo(s);
        expect(u).toMatch(/^[A-Za-z0-9_.\-~ +%]*$/);
        expect(decodeURIComponent(u)).toBe(s);
        const q = encodeQueryComponent(s);
        expect(q).toMatch(/^[A-Za-z0-9_.\-~+%]*$/);
        expect(decodeURIComponent(q.replace(/\+/g, ' '))).toBe(s);
      }),
    );
  });

  it('never crashes on random input: a ParsedConnection or a UrlError with a range inside the input', () => {
    const noise = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...'postgresql+asyncpg://mysql:@/?&=[]%:1234 \'\\'.split('')), maxLength: 60 }),
      fc.tuple(fc.constantFrom('postgresql+asyncpg://', 'mysql+asyncmy://', 'sqlite+aiosqlite://', 'host=', 'mariadb://'), fc.string({ maxLength: 60 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(noise, (input) => {
        try {
          const p = parseConnectionString(input);
          expect(['postgresql', 'mysql', 'mariadb', 'sqlite']).toContain(p.backend);
        } catch (e) {
          expect(e).toBeInstanceOf(UrlError);
          const u = e as UrlError;
          expect(u.message.length).toBeGreaterThan(0);
          expect(u.hint.length).toBeGreaterThan(0);
          expect(u.start).toBeGreaterThanOrEqual(0);
          expect(u.end).toBeLessThanOrEqual(input.trim().length);
          expect(u.start).toBeLessThanOrEqual(u.end);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
