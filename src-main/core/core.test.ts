import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from './core';
import { AppStore } from './app-store';
import { DEMO_NAME, demoDbPath } from './demo/demo-db';
import { parseProfile } from '../shared/profile';
import { tempDir } from '../../test/tmp';

describe('core', () => {
  const opened: Core[] = [];
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.close();
    dirs.splice(0).forEach((d) => d.cleanup());
  });
  const start = (dataDir: string) => {
    const core = new Core({ dataDir, mode: 'cli' });
    opened.push(core);
    return core;
  };
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d.path;
  };

  it('creates the demo SQLite database and saves it as a connection on first start', () => {
    const d = dir();
    const core = start(d);
    const list = core.connections.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: DEMO_NAME, backend: 'sqlite', builtin: true, environment: 'local' });
    const demo = new Database(demoDbPath(d), { readonly: true });
    const tables = (demo.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['api_keys', 'audit_events', 'invoices', 'tenants', 'users']);
    expect((demo.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(120);
    // Every column family the type mapping needs is present.
    const types = new Set((demo.prepare("SELECT type FROM pragma_table_info('users') UNION SELECT type FROM pragma_table_info('tenants') UNION SELECT type FROM pragma_table_info('api_keys')").all() as { type: string }[]).map((r) => r.type));
    for (const t of ['BOOLEAN', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'CHAR(36)', 'JSON', 'NUMERIC(10, 2)', 'BLOB', 'UUID']) expect(types).toContain(t);
    demo.close();
  });

  it('does not bring the demo back after the user deleted it', async () => {
    const d = dir();
    const core = start(d);
    core.connections.delete(core.connections.list()[0]!.id);
    await core.close();
    opened.pop();
    const again = start(d);
    expect(again.connections.list()).toEqual([]);
  });

  it('keeps connections across restarts and never writes a password in plain text', async () => {
    const d = dir();
    const password = 'Very$ecret-Passw0rd-Ω';
    const core = start(d);
    const created = core.connections.create(
      parseProfile({ name: 'prod db', backend: 'postgresql', host: 'db', user: 'app', database: 'app', passwordMode: 'saved' }),
      password,
    );
    expect(created.hasPassword).toBe(true);
    expect(JSON.stringify(created)).not.toContain(password);
    await core.close();
    opened.pop();

    for (const f of readdirSync(d)) {
      if (f.startsWith('poolscope.db')) {
        const bytes = readFileSync(join(d, f));
        expect(bytes.includes(Buffer.from(password, 'utf8')), `${f} holds the password`).toBe(false);
      }
    }
    for (const f of readdirSync(join(d, 'logs'))) expect(readFileSync(join(d, 'logs', f), 'utf8')).not.toContain(password);

    const again = start(d);
    expect(again.connections.findByName('PROD DB')?.id).toBe(created.id);
    expect(again.connections.password(created.id)).toBe(password);
  });

  it('enforces unique names, case-insensitively, with a hint', () => {
    const core = start(dir());
    const p = parseProfile({ name: 'Staging', backend: 'mysql' });
    core.connections.create(p);
    expect(() => core.connections.create({ ...p, name: 'staging' })).toThrow(/already exists/);
  });

  it('forgets the password when asked, or when the mode is no longer "saved"', () => {
    const core = start(dir());
    const c = core.connections.create(parseProfile({ name: 'a', backend: 'mysql', passwordMode: 'saved' }), 'pw-123');
    expect(core.connections.update(c.id, parseProfile({ name: 'a', backend: 'mysql', passwordMode: 'saved' })).hasPassword).toBe(true);
    expect(core.connections.update(c.id, parseProfile({ name: 'a', backend: 'mysql', passwordMode: 'ask' })).hasPassword).toBe(false);
    const d = core.connections.create(parseProfile({ name: 'b', backend: 'mysql', passwordMode: 'saved' }), 'pw-456');
    expect(core.connections.update(d.id, parseProfile({ name: 'b', backend: 'mysql', passwordMode: 'saved' }), null).hasPassword).toBe(false);
  });

  it('opens the saved connections alone (the CLI\'s list), and a core built on that store shares it', async () => {
    const d = dir();
    const first = start(d);
    const saved = first.connections.create(parseProfile({ name: 'prod', backend: 'postgresql', host: 'db', passwordMode: 'saved' }), 'pw-store-1');
    await first.close();
    opened.pop();

    const store = await AppStore.open({ dataDir: d, mode: 'cli' });
    expect(store.connections.list().map((c) => c.name)).toEqual([DEMO_NAME, 'prod']);
    expect(store.connections.password(saved.id)).toBe('pw-store-1');
    expect(store.notices).toEqual([]);

    const core = new Core({ dataDir: d, mode: 'cli', store });
    opened.push(core);
    expect(core.store).toBe(store);
    expect(core.connections).toBe(store.connections);
    // One database handle: a change through the core is what the store reads, and closing the core closes it.
    core.connections.delete(saved.id);
    expect(store.connections.list().map((c) => c.name)).toEqual([DEMO_NAME]);
    await core.close();
    opened.pop();
    expect(store.db.open).toBe(false);
    const other = await AppStore.open({ dataDir: d, mode: 'cli' });
    expect(() => new Core({ dataDir: dir(), mode: 'cli', store: other })).toThrow(/store given to the core is for/);
    other.close();
  });
});
