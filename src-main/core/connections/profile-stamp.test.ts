import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppStore } from '../app-store';
import { DEMO_NAME } from '../demo/demo-db';
import { profileInputSchema } from '../../shared/profile';
import { tempDir } from '../../../test/tmp';

const here = dirname(fileURLToPath(import.meta.url));

/*
 * A saved row carries a stamp (the schema identity that accepted it, a digest of its text); a row
 * whose stamp fits is read without the schema. Run from source the build's identity is undefined,
 * so these tests give one (profileSchemaTag) as the build does.
 */
describe('profile stamps: rows the schema accepted are read without it', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  const stores: AppStore[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    dirs.splice(0).forEach((d) => d.cleanup());
  });
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d.path;
  };
  const keep = (s: AppStore) => (stores.push(s), s);
  const rows = (s: AppStore) => s.db.prepare('SELECT name, profile, checked FROM connections ORDER BY position').all() as Array<{ name: string; profile: string; checked: string | null }>;

  it('a saved profile is stamped; a store without the schema then lists it, as the schema would read it', async () => {
    const d = dir();
    const writer = keep(new AppStore({ dataDir: d, mode: 'cli', profileSchema: profileInputSchema, profileSchemaTag: 'one' }));
    writer.connections.create({ name: '  prod ', backend: 'postgresql', host: 'db', group: 'Team//EU', tags: ['a'] });
    const withSchema = writer.connections.list();
    expect(rows(writer).every((r) => r.checked?.startsWith('one:'))).toBe(true);
    writer.close();

    // No schema given: any read that needed it would throw. The start and the list need none.
    const reader = keep(new AppStore({ dataDir: d, mode: 'cli', profileSchemaTag: 'one' }));
    expect(reader.notices).toEqual([]);
    expect(reader.connections.list()).toEqual(withSchema);
    expect(reader.connections.findByName('prod')).toMatchObject({ name: 'prod', group: 'Team/EU', pool: { poolSize: 5 } });
    // Without an identity (run from source) nothing is trusted: the schema is needed again.
    reader.close();
    expect(keep(new AppStore({ dataDir: d, mode: 'cli', profileSchema: profileInputSchema })).connections.needsSchema()).toBe(true);
  });

  it('a row changed behind the store\'s back goes through the schema: a clear notice and a hidden row, never a crash', async () => {
    const d = dir();
    const writer = keep(new AppStore({ dataDir: d, mode: 'cli', profileSchema: profileInputSchema, profileSchemaTag: 'one' }));
    writer.connections.create({ name: 'prod', backend: 'postgresql', host: 'db' });
    // Same stamp, other text: what a damaged page or a hand edit with the sqlite3 shell leaves.
    writer.db.prepare("UPDATE connections SET profile = json_set(profile, '$.backend', 'oracle') WHERE name = 'prod'").run();
    writer.close();

    const reader = keep(await AppStore.open({ dataDir: d, mode: 'cli', profileSchemaTag: 'one' }));
    expect(reader.notices.map((n) => n.id)).toEqual(['profiles-unreadable']);
    expect(reader.notices[0]!.message).toMatch(/"prod": its saved settings do not pass this version's checks \(backend:/);
    expect(reader.connections.list().map((c) => c.name)).toEqual([DEMO_NAME]);
    // Kept untouched, and not stamped.
    expect(rows(reader).find((r) => r.name === 'prod')!.profile).toContain('"oracle"');
  });

  it('rows another build stamped are checked again and stamped for this one; a row the schema would change is never stamped', async () => {
    const d = dir();
    const writer = keep(new AppStore({ dataDir: d, mode: 'cli', profileSchema: profileInputSchema, profileSchemaTag: 'old' }));
    writer.connections.create({ name: 'prod', backend: 'postgresql', host: 'db' });
    // Written by an older version: valid, but without the defaults the schema fills in.
    writer.db
      .prepare("INSERT INTO connections (id, name, profile, builtin, position, created_at, updated_at) VALUES ('m', 'minimal', ?, 0, 9, '2026-01-01', '2026-01-01')")
      .run(JSON.stringify({ name: 'minimal', backend: 'sqlite', database: '/tmp/x.db' }));
    writer.close();

    const reader = keep(await AppStore.open({ dataDir: d, mode: 'cli', profileSchemaTag: 'new' }));
    expect(reader.notices).toEqual([]);
    const stamped = rows(reader);
    expect(stamped.find((r) => r.name === 'prod')!.checked).toMatch(/^new:/);
    expect(stamped.find((r) => r.name === 'minimal')!.checked).toBeNull();
    // Read through the schema, the minimal row has its defaults.
    expect(reader.connections.findByName('minimal')).toMatchObject({ passwordMode: 'none', pool: { poolSize: 5 }, tags: [] });
    expect(reader.connections.needsSchema()).toBe(true);
    // Saving it through the store writes the schema's output, which is stamped.
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = reader.connections.findByName('minimal')!;
    reader.connections.update('m', profile);
    expect(reader.connections.needsSchema()).toBe(false);
  });

  it('AppStore.open reads a stamped folder without the schema and loads it when a row needs it', async () => {
    const d = dir();
    keep(new AppStore({ dataDir: d, mode: 'cli', profileSchema: profileInputSchema, profileSchemaTag: 'one' })).close();
    const reader = keep(await AppStore.open({ dataDir: d, mode: 'cli', profileSchemaTag: 'one' }));
    expect(reader.connections.needsSchema()).toBe(false);
    expect(reader.connections.list().map((c) => c.name)).toEqual([DEMO_NAME]);
    // A new folder needs the schema for its demo, which open() loads.
    const fresh = keep(await AppStore.open({ dataDir: dir(), mode: 'cli', profileSchemaTag: 'one' }));
    expect(fresh.notices).toEqual([]);
    expect(fresh.connections.list().map((c) => c.name)).toEqual([DEMO_NAME]);
  });

  it('the profile schema imports nothing outside src-main/shared (the build\'s schema identity digests that folder)', () => {
    const shared = resolve(here, '..', '..', 'shared');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || spec.startsWith('.') === false) {
          expect(spec, `${relative(shared, file)} imports ${spec}`).toBe('zod');
          continue;
        }
        if (m[0].trimStart().startsWith('import type')) continue;
        const target = resolve(dirname(file), spec.endsWith('.ts') ? spec : `${spec}.ts`);
        expect(relative(shared, target).startsWith('..'), `${relative(shared, file)} imports ${spec}`).toBe(false);
        visit(target);
      }
    };
    visit(join(shared, 'profile.ts'));
    expect(seen.size).toBeGreaterThan(3);
  });
});
