import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../core';
import { createHandlers, dispatch } from '../../../api';
import { parseProfile } from '../../../shared/profile';
import { tempDir } from '../../../../test/tmp';
import { testEnv, writeDbeaverWorkspace } from './fixtures/stores';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function start(envVars: Record<string, string> = {}) {
  const data = tempDir('poolscope-data-');
  const home = tempDir('poolscope-home-');
  const core = new Core({ dataDir: data.path, mode: 'cli', seedDemo: false, importEnv: testEnv(home.path, envVars, 'dev') });
  cleanups.push(() => data.cleanup(), () => home.cleanup(), () => core.close());
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(createHandlers(core), method, input, { transport: 'test' }, core.logger);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as never;
  };
  return { core, home: home.path, call };
}

const CREDS = {
  'postgres-jdbc-18f3a0c2b1e-6a1f2c3d4e5f6a7b': { '#connection': { user: 'orders_app', password: 'Pr0d-pw-9f2' } },
  // The same server, database and user under another name (the host differs only in case).
  'postgres-jdbc-18f3a0c2b1e-5e6f7a8b9c0d1e2f': { '#connection': { user: 'orders_app' } },
};

describe('import preview and commit', () => {
  it('previews without saving anything, and never sends a password to the client', async () => {
    const { core, home, call } = start();
    const path = writeDbeaverWorkspace(join(home, 'ws'), CREDS);
    const preview = (await call('imports.preview', { kind: 'dbeaver', path })) as { candidates: Array<{ name: string; password: { available: boolean; source?: string }; checked: boolean }>; passwordsAvailable: number };
    expect(JSON.stringify(preview)).not.toContain('Pr0d-pw-9f2');
    expect(preview.candidates.find((c) => c.name === 'orders (prod)')!.password).toEqual({ available: true, source: 'credentials-config.json' });
    expect(preview.passwordsAvailable).toBe(1);
    expect(core.connections.all()).toHaveLength(0);
  });

  it('flags duplicates of saved connections and of earlier rows, unchecked by default', async () => {
    const { core, home, call } = start();
    const shop = core.connections.create(parseProfile({ name: 'Shop here', backend: 'mysql', host: '127.0.0.1', port: 3306, database: 'shop' }));
    const path = writeDbeaverWorkspace(join(home, 'ws'), CREDS);
    const preview = (await call('imports.preview', { kind: 'dbeaver', path })) as { candidates: Array<{ key: string; name: string; checked: boolean; duplicateOf?: { name: string } }> };
    const row = (n: string) => preview.candidates.find((c) => c.name === n)!;
    // localhost and 127.0.0.1 are the same server (and neither names a user).
    expect(row('shop').duplicateOf).toEqual({ name: 'Shop here', id: shop.id });
    expect(row('shop').checked).toBe(false);
    expect(row('orders copy').duplicateOf).toEqual({ name: 'orders (prod)', key: row('orders (prod)').key });
    expect(row('orders copy').checked).toBe(false);
    expect(row('orders (prod)').checked).toBe(true);
    expect(row('erp').checked).toBe(false);
  });

  it('saves only the picked rows, in one transaction, with passwords only when asked', async () => {
    const { core, home, call } = start();
    const path = writeDbeaverWorkspace(join(home, 'ws'), CREDS);
    const p1 = (await call('imports.preview', { kind: 'dbeaver', path })) as { previewId: string; candidates: Array<{ key: string; name: string }> };
    const key = (n: string) => p1.candidates.find((c) => c.name === n)!.key;
    const r1 = (await call('imports.commit', { previewId: p1.previewId, items: [{ key: key('orders (prod)') }, { key: key('shop'), group: 'Local/Dev' }] })) as { created: Array<{ id: string }>; passwordsStored: number };
    expect(r1.passwordsStored).toBe(0);
    const saved = core.connections.all();
    expect(saved.map((s) => [s.name, s.group, s.hasPassword, s.passwordMode])).toEqual([
      ['orders (prod)', 'Production/EU', false, 'ask'],
      ['shop', 'Local/Dev', false, 'ask'],
    ]);
    // A preview is used once.
    await expect(call('imports.commit', { previewId: p1.previewId, items: [{ key: key('shop') }] })).rejects.toThrow(/expired or was already used/);

    const p2 = (await call('imports.preview', { kind: 'dbeaver', path })) as { previewId: string; candidates: Array<{ key: string; name: string }> };
    const r2 = (await call('imports.commit', { previewId: p2.previewId, items: [{ key: p2.candidates.find((c) => c.name === 'orders (prod)')!.key }], withPasswords: true })) as { created: Array<{ id: string; name: string }>; renamed: Array<{ to: string }> };
    expect(r2.renamed[0]!.to).toBe('orders (prod) (2)');
    const withPw = core.connections.get(r2.created[0]!.id);
    expect(withPw.passwordMode).toBe('saved');
    expect(core.connections.password(withPw.id)).toBe('Pr0d-pw-9f2');
  });

  it('saves nothing when one picked row cannot be imported', async () => {
    const { core, home, call } = start();
    const path = writeDbeaverWorkspace(join(home, 'ws'), CREDS);
    const p = (await call('imports.preview', { kind: 'dbeaver', path })) as { previewId: string; candidates: Array<{ key: string; name: string }> };
    const keys = p.candidates.map((c) => ({ key: c.key }));
    await expect(call('imports.commit', { previewId: p.previewId, items: keys })).rejects.toThrow(/"erp" cannot be imported/);
    expect(core.connections.all()).toHaveLength(0);
  });

  it('gives clear errors for a missing, unreadable or foreign file and changes nothing', async () => {
    const { core, home, call } = start();
    await expect(call('imports.preview', { kind: 'dbeaver', path: join(home, 'nope.json') })).rejects.toThrow(/There is no file at/);
    const foreign = join(home, 'servers.json');
    writeFileSync(foreign, '{"Servers": {}}');
    await expect(call('imports.preview', { kind: 'dbeaver', path: foreign })).rejects.toThrow(/is DBeaver's data-sources\.json/);
    await expect(call('imports.preview', { kind: 'pgadmin', path: home })).rejects.toThrow(/is a folder/);
    if (process.getuid?.() !== 0) {
      const locked = join(home, 'locked.json');
      writeFileSync(locked, '{}');
      chmodSync(locked, 0);
      await expect(call('imports.preview', { kind: 'pgadmin', path: locked })).rejects.toThrow(/cannot read .*permission denied/);
    }
    await expect(call('imports.preview', { kind: 'pgadmin', files: [{ name: 'x.json', data: Buffer.from('\u0000\u0001binary').toString('base64') }] })).rejects.toThrow(/binary file/);
    expect(core.connections.all()).toHaveLength(0);
  });

  it('.pgpass: passwords for saved connections as libpq would pick them, and new connections from concrete lines', async () => {
    const { core, home, call } = start();
    const a = core.connections.create(parseProfile({ name: 'Orders', backend: 'postgresql', host: 'db', port: 5432, database: 'orders', user: 'app' }));
    core.connections.create(parseProfile({ name: 'Other', backend: 'postgresql', host: 'elsewhere', database: 'x', user: 'y' }));
    const file = join(home, '.pgpass');
    writeFileSync(file, 'db:5432:orders:app:first-pw\ndb:*:*:*:wild\nreports.example.com:5432:reports:analyst:r-pw\n');
    chmodSync(file, 0o600);
    const p = (await call('imports.preview', { kind: 'pgpass', path: file })) as { previewId: string; candidates: Array<{ key: string; name: string; action: string; targetId?: string; checked: boolean; password: { source?: string } }> };
    const setPw = p.candidates.filter((c) => c.action === 'setPassword');
    expect(setPw.map((c) => [c.name, c.password.source, c.checked])).toEqual([['Orders', '.pgpass line 1', true]]);
    const fresh = p.candidates.find((c) => c.name === 'reports@reports.example.com')!;
    expect(fresh.action).toBe('create');
    const r = (await call('imports.commit', { previewId: p.previewId, items: [{ key: setPw[0]!.key }, { key: fresh.key }], withPasswords: true })) as { updated: Array<{ id: string }>; created: Array<{ id: string }> };
    expect(r.updated).toEqual([{ id: a.id, name: 'Orders' }]);
    expect(core.connections.password(a.id)).toBe('first-pw');
    expect(core.connections.password(r.created[0]!.id)).toBe('r-pw');
  });

  it('service=… in a pasted string resolves through PGSERVICEFILE and the password file', async () => {
    const dir = tempDir('poolscope-svc-');
    cleanups.push(() => dir.cleanup());
    writeFileSync(join(dir.path, 'services.conf'), '[orders]\nhost=db.internal\nport=6432\ndbname=orders\nuser=app\nsslmode=require\n');
    writeFileSync(join(dir.path, 'pgpass'), 'db.internal:6432:orders:app:svc-pw\n');
    chmodSync(join(dir.path, 'pgpass'), 0o600);
    const { call } = start({ PGSERVICEFILE: join(dir.path, 'services.conf'), PGPASSFILE: join(dir.path, 'pgpass') });
    const p = (await call('imports.preview', { kind: 'service-url', text: 'postgresql+psycopg:///?service=orders&application_name=api' })) as { candidates: Array<{ profile: Record<string, unknown>; password: { available: boolean; source?: string } }> };
    expect(p.candidates[0]!.profile).toMatchObject({ host: 'db.internal', port: 6432, database: 'orders', user: 'app', tls: { mode: 'require' }, options: { applicationName: 'api' }, service: { driver: 'psycopg' } });
    expect(p.candidates[0]!.password).toEqual({ available: true, source: 'pgpass line 1' });
    await expect(call('imports.preview', { kind: 'service-url', text: 'service=missing' })).rejects.toThrow(/definition of service "missing" not found/);
  });

  it('lists the default places per source, marking the ones that exist', async () => {
    const { home, call } = start();
    mkdirSync(join(home, '.dbgate'));
    writeFileSync(join(home, '.dbgate', 'connections.jsonl'), '');
    const sources = (await call('imports.sources', {})) as Array<{ kind: string; locations: Array<{ path: string; exists: boolean }> }>;
    expect(sources.map((s) => s.kind)).toEqual(['dbeaver', 'beekeeper', 'dbgate', 'pgadmin', 'datagrip', 'pgpass', 'pgservice', 'mycnf']);
    expect(sources.find((s) => s.kind === 'dbgate')!.locations).toContainEqual({ path: join(home, '.dbgate', 'connections.jsonl'), exists: true });
    expect(sources.find((s) => s.kind === 'pgpass')!.locations[0]).toEqual({ path: join(home, '.pgpass'), exists: false });
  });
});
