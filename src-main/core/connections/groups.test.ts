import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { createHandlers, dispatch } from '../../api';
import { groupAncestors, normalizeGroup, renamedGroup } from '../../shared/groups';
import { parseProfile, profileInputSchema } from '../../shared/profile';
import { tempDir } from '../../../test/tmp';
import { readBackup, writeBackup } from './backup';

describe('group paths', () => {
  it('normalises segments and renames folders with what is inside them', () => {
    expect(normalizeGroup(' Prod /  EU  west /')).toBe('Prod/EU west');
    expect(groupAncestors('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(renamedGroup('Prod/EU', 'Prod', 'Production')).toBe('Production/EU');
    expect(renamedGroup('Products', 'Prod', 'X')).toBe('Products');
    expect(renamedGroup('Prod/EU', 'Prod/EU', '')).toBe('');
  });

  it('rejects groups nested too deep, with the limit in the message', () => {
    const r = profileInputSchema.safeParse({ name: 'x', backend: 'sqlite', group: 'a/b/c/d/e/f/g' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/at most 6 levels/);
  });
});

describe('groups in the store', () => {
  const cores: Core[] = [];
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
    dirs.splice(0).forEach((d) => d.cleanup());
  });
  const start = () => {
    const d = tempDir();
    dirs.push(d);
    const core = new Core({ dataDir: d.path, mode: 'cli', seedDemo: false });
    cores.push(core);
    return { core, call: (m: string, input: unknown) => dispatch(createHandlers(core), m, input, { transport: 'test' }, core.logger) };
  };
  const pg = (name: string, group = '') => parseProfile({ name, backend: 'postgresql', host: 'db', database: name.toLowerCase(), group });

  it('reads profiles saved before groups existed as top level (the migration is the schema default)', () => {
    const { core } = start();
    const legacy = { name: 'Old', backend: 'postgresql', host: 'h', database: 'd', user: 'u', passwordMode: 'none', tls: { mode: 'prefer' }, options: { connectTimeoutSec: 10, params: {} }, tags: [], service: { environment: 'local', workload: 'oltp', processes: 1 }, pool: {} };
    core.db.prepare("INSERT INTO connections (id, name, profile, builtin, position, created_at, updated_at) VALUES ('legacy', 'Old', ?, 0, 0, 'now', 'now')").run(JSON.stringify(legacy));
    expect(core.connections.get('legacy').group).toBe('');
    expect(core.connections.list().find((c) => c.id === 'legacy')!.group).toBe('');
  });

  it('moves connections into a group and renames a group with its subgroups, through the API', async () => {
    const { core, call } = start();
    const a = core.connections.create(pg('A', 'Prod/EU'));
    const b = core.connections.create(pg('B', 'Prod'));
    const c = core.connections.create(pg('C'));
    const changes: string[][] = [];
    core.connections.onChange((ids) => changes.push(ids));
    expect(await call('connections.setGroup', { ids: [c.id], group: ' Staging / ' })).toEqual({ ok: true, value: { updated: 1 } });
    expect(core.connections.get(c.id).group).toBe('Staging');
    expect(await call('connections.renameGroup', { from: 'Prod', to: 'Production' })).toEqual({ ok: true, value: { updated: 2 } });
    expect([a, b, c].map((x) => core.connections.get(x.id).group)).toEqual(['Production/EU', 'Production', 'Staging']);
    expect(changes).toHaveLength(2);
    const missing = await call('connections.renameGroup', { from: 'Nope', to: 'X' });
    expect(missing.ok).toBe(false);
    const tooDeep = await call('connections.setGroup', { ids: [a.id], group: '1/2/3/4/5/6/7' });
    expect(tooDeep.ok).toBe(false);
    expect(core.connections.get(a.id).group).toBe('Production/EU');
  });

  it('keeps groups in back-ups', async () => {
    const { core } = start();
    core.connections.create(pg('A', 'Prod/EU'));
    const text = (await writeBackup(core.connections, { version: 'test' })).text;
    expect((await readBackup(text)).map((x) => x.profile.group)).toEqual(['Prod/EU']);
  });
});
