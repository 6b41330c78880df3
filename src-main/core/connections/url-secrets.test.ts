import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../core';
import { createHandlers } from '../../api';
import { openAppDb } from '../db/app-db';
import { MIGRATIONS } from '../db/migrations';
import { silentLogger } from '../logging/logger';
import { parseProfile } from '../../shared/profile';
import { parseConnectionString, profileFieldsFromParsed } from '../../shared/url';
import { runCli } from '../../cli/main';
import { tempDir } from '../../../test/tmp';

/** Every form a secret takes in text: as is, percent-encoded (URLs), JSON-escaped. */
function expectAbsent(text: string | Buffer, secret: string, where: string): void {
  for (const f of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
    const found = Buffer.isBuffer(text) ? text.includes(Buffer.from(f, 'utf8')) : text.includes(f);
    expect(found, `${where} holds a secret`).toBe(false);
  }
}

function expectStoreClean(dir: string, secrets: string[]): void {
  for (const f of readdirSync(dir)) {
    if (!f.startsWith('poolscope.db')) continue;
    const bytes = readFileSync(join(dir, f));
    for (const s of secrets) expectAbsent(bytes, s, f);
  }
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

const CTX = { transport: 'ws' as const };
const PASSWORD = 'S3cret-in-the-query';
const SSL_PASSWORD = 'key-pass-phrase-42';
const OAUTH = 'oauth-client-secret-77';
const URL = `postgresql+psycopg://app@db.internal:5432/orders?password=${PASSWORD}&sslpassword=${SSL_PASSWORD}&oauth_client_secret=${OAUTH}&sslmode=require&target_session_attrs=read-write`;

/**
 * Issue 15 item 1: a password given in a URL's query (or any other secret a URL or libpq string
 * can carry) must land in the encrypted secret store, never in the saved profile, and be masked
 * wherever a URL is shown, backed up or exported.
 */
describe('secrets given in URL parameters', () => {
  const dirs: Array<{ path: string; cleanup(): void }> = [];
  const cores: Core[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
    dirs.splice(0).forEach((d) => d.cleanup());
  });
  const start = (dataDir: string) => {
    const core = new Core({ dataDir, mode: 'cli', seedDemo: false });
    cores.push(core);
    return core;
  };
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d.path;
  };

  it('the parser takes password, sslpassword and oauth_client_secret out of the parameters (URL and libpq)', () => {
    const p = parseConnectionString(URL);
    expect(p.password).toBe(PASSWORD);
    expect(p.secretParams).toEqual({ sslpassword: SSL_PASSWORD, oauth_client_secret: OAUTH });
    expect(p.options.params).toEqual({ target_session_attrs: 'read-write' });
    // SQLAlchemy's create_connect_args lets the query override the user part.
    expect(parseConnectionString('postgresql+asyncpg://app:old@db/x?password=new').password).toBe('new');
    const l = parseConnectionString(`host=db dbname=x user=app sslpassword='${SSL_PASSWORD}' password=${PASSWORD}`);
    expect(l.password).toBe(PASSWORD);
    expect(l.secretParams).toEqual({ sslpassword: SSL_PASSWORD });
    expect(l.options.params).toEqual({});
    const m = parseConnectionString(`mysql+aiomysql://app@db/x?password=${PASSWORD}&ssl_key_password=${SSL_PASSWORD}`);
    expect(m.password).toBe(PASSWORD);
    expect(m.secretParams).toEqual({ ssl_key_password: SSL_PASSWORD });
  });

  it('saves them encrypted, sends only names and masks, and keeps them out of backups and exports', async () => {
    const d = dir();
    const core = start(d);
    const h = createHandlers(core);
    const parsed = parseConnectionString(URL);
    const profile = { ...profileFieldsFromParsed(parsed, { withSecretValues: true }), name: 'Orders', service: { environment: 'production' as const, driver: 'psycopg' as const } };
    const created = await h['connections.import']({ items: [{ profile: parseProfile(profile), password: parsed.password! }] }, CTX);
    const saved = created.created[0]!;
    const all = [PASSWORD, SSL_PASSWORD, OAUTH];
    for (const s of all) expectAbsent(JSON.stringify(saved), s, 'the saved profile');
    expect(saved.hasPassword).toBe(true);
    expect(saved.passwordMode).toBe('saved');
    expect(saved.options.params).toEqual({ target_session_attrs: 'read-write' });
    expect(saved.options.secretParams).toEqual(['oauth_client_secret', 'sslpassword']);

    const shown = await h['connections.url']({ id: saved.id }, CTX);
    expect(shown.masked).toBe(true);
    expect(shown.url).toBe('postgresql+psycopg://app:***@db.internal:5432/orders?oauth_client_secret=***&sslmode=require&sslpassword=***&target_session_attrs=read-write');

    // Backups: the plain part never has them; the passphrase-sealed part carries them back.
    const plainBackup = await h['connections.exportAll']({}, CTX);
    for (const s of all) expectAbsent(plainBackup.text, s, 'a backup without passphrase');
    const sealed = await h['connections.exportAll']({ passphrase: 'correct horse battery' }, CTX);
    for (const s of all) expectAbsent(sealed.text, s, 'a backup with passphrase');
    // Every exported file, .env.example's production template included.
    for (const target of ['python', 'node'] as const) {
      const { bundle } = await h['export.preview']({ id: saved.id, target }, CTX);
      for (const f of bundle.files) for (const s of all) expectAbsent(f.content, s, `${target} ${f.path}`);
      if (target === 'python') expect(bundle.files.find((f) => f.path === '.env.example')!.content).toContain('sslpassword=CHANGE_ME');
    }

    // Editing without mentioning them keeps them; a duplicate copies them.
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...edit } = saved;
    const { secretParams: _s, ...options } = edit.options;
    await h['connections.update']({ id: saved.id, profile: parseProfile({ ...edit, options, name: 'Orders EU' }) }, CTX);
    expect(core.connections.secretParams(saved.id)).toEqual({ oauth_client_secret: OAUTH, sslpassword: SSL_PASSWORD });
    const copy = await h['connections.duplicate']({ id: saved.id }, CTX);
    expect(core.connections.secretParams(copy.id)).toEqual({ oauth_client_secret: OAUTH, sslpassword: SSL_PASSWORD });
    // Given empty, one is forgotten.
    await h['connections.update']({ id: copy.id, profile: parseProfile({ ...edit, name: 'copy', options: { ...options, params: { ...options.params, oauth_client_secret: '' } } }) }, CTX);
    expect(core.connections.get(copy.id).options.secretParams).toEqual(['sslpassword']);
    await h['connections.delete']({ id: copy.id }, CTX);

    await core.close();
    cores.pop();
    expectStoreClean(d, all);

    // The CLI masks them unless --with-password.
    const masked = capture();
    expect(await runCli(['url', 'Orders EU', '--data-dir', d], masked.io)).toBe(0);
    for (const s of all) expectAbsent(masked.out.join('\n'), s, 'poolscope url');
    expect(masked.out[0]).toContain('sslpassword=***');
    const shownPw = capture();
    expect(await runCli(['url', 'Orders EU', '--with-password', '--data-dir', d], shownPw.io)).toBe(0);
    expect(parseConnectionString(shownPw.out[0]!)).toMatchObject({ password: PASSWORD, secretParams: { sslpassword: SSL_PASSWORD, oauth_client_secret: OAUTH } });
    const given = capture();
    expect(await runCli(['url', URL, '--data-dir', d], given.io)).toBe(0);
    for (const s of all) expectAbsent(given.out.join('\n'), s, 'poolscope url <url>');

    // Restoring the sealed backup elsewhere brings every secret back.
    const other = start(dir());
    const restored = await createHandlers(other)['connections.importAll']({ text: sealed.text, passphrase: 'correct horse battery', withoutPasswords: false }, CTX);
    const r = restored.created[0]!;
    expect(other.connections.password(r.id)).toBe(PASSWORD);
    expect(other.connections.secretParams(r.id)).toEqual({ oauth_client_secret: OAUTH, sslpassword: SSL_PASSWORD });
  });

  it('a secret typed into the parameters of a profile is moved out as well (the store is the guarantee)', () => {
    const core = start(dir());
    const c = core.connections.create(parseProfile({ name: 'm', backend: 'mysql', user: 'app', options: { params: { password: PASSWORD, passwd: SSL_PASSWORD, Password: OAUTH } } }));
    expect(c.options.params).toEqual({});
    expect(c.passwordMode).toBe('saved');
    expect(core.connections.password(c.id)).toBe(PASSWORD);
    expect(core.connections.secretParams(c.id)).toEqual({ Password: OAUTH, passwd: SSL_PASSWORD });
  });

  it('a store of the old shape migrates: the secrets move into the secret store and leave no copy behind', async () => {
    const d = dir();
    const old = openAppDb({ dataDir: d, logger: silentLogger, migrations: MIGRATIONS.filter((m) => m.version <= 6) });
    const oldProfile = (name: string, params: Record<string, string>, passwordMode = 'none') =>
      JSON.stringify(parseProfile({ name, backend: 'postgresql', host: 'db', user: 'app', database: 'orders', passwordMode, options: { params } }));
    const now = new Date().toISOString();
    const insert = old.db.prepare('INSERT INTO connections (id, name, profile, builtin, position, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)');
    insert.run('c1', 'query password', oldProfile('query password', { password: PASSWORD, sslpassword: SSL_PASSWORD, application: 'x' }), 0, now, now);
    insert.run('c2', 'asks', oldProfile('asks', { password: OAUTH }, 'ask'), 1, now, now);
    insert.run('c3', 'plain', oldProfile('plain', { sslmode: 'require' }), 2, now, now);
    expect(old.db.pragma('user_version', { simple: true })).toBe(6);
    old.db.close();
    expect(readFileSync(join(d, 'poolscope.db')).includes(Buffer.from(SSL_PASSWORD)) || readFileSync(join(d, 'poolscope.db-wal')).includes(Buffer.from(SSL_PASSWORD))).toBe(true);

    const core = start(d);
    const c1 = core.connections.get('c1');
    expect(c1.options.params).toEqual({ application: 'x' });
    expect(c1.passwordMode).toBe('saved');
    expect(c1.hasPassword).toBe(true);
    expect(core.connections.password('c1')).toBe(PASSWORD);
    expect(core.connections.secretParams('c1')).toEqual({ sslpassword: SSL_PASSWORD });
    // A connection that asks for its password keeps asking; its query password is kept, encrypted.
    const c2 = core.connections.get('c2');
    expect(c2.passwordMode).toBe('ask');
    expect(core.connections.secretParams('c2')).toEqual({ password: OAUTH });
    expect(core.connections.get('c3').options).toMatchObject({ params: { sslmode: 'require' } });
    expect(core.connections.get('c3').options.secretParams).toBeUndefined();
    await core.close();
    cores.pop();
    expectStoreClean(d, [PASSWORD, SSL_PASSWORD, OAUTH]);
    const check = new Database(join(d, 'poolscope.db'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    check.close();
  });
});
