import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { parseProfile } from '../../shared/profile';
import { connectionUrl, duplicateConnection, importConnections, uniqueName } from './actions';
import { tempDir } from '../../../test/tmp';

describe('unique names', () => {
  it('adds the first free number, and counts on from a numbered name', () => {
    const taken = new Set(['orders', 'orders (2)', 'x (4)']);
    const isTaken = (n: string) => taken.has(n.toLowerCase());
    expect(uniqueName('Fresh', isTaken)).toBe('Fresh');
    expect(uniqueName('Orders', isTaken)).toBe('Orders (3)');
    expect(uniqueName('orders (2)', isTaken)).toBe('orders (3)');
    expect(uniqueName('x (4)', isTaken)).toBe('x (2)');
    expect(uniqueName('   ', isTaken)).toBe('Connection');
  });
});

describe('connection actions', () => {
  const opened: Array<{ core: Core; dir: { cleanup(): void } }> = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.core.close();
      o.dir.cleanup();
    }
  });
  const start = () => {
    const dir = tempDir();
    const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
    opened.push({ core, dir });
    return core;
  };
  const pg = (name: string, extra: Record<string, unknown> = {}) => parseProfile({ name, backend: 'postgresql', host: 'db', user: 'app', database: 'orders', ...extra });

  it('duplicates a connection with a free name and its saved password', () => {
    const core = start();
    const a = core.connections.create(pg('Orders', { passwordMode: 'saved' }), 'pw-1');
    const b = duplicateConnection(core.connections, a.id);
    const c = duplicateConnection(core.connections, a.id);
    expect([b.name, c.name]).toEqual(['Orders (copy)', 'Orders (copy) (2)']);
    expect(b.hasPassword).toBe(true);
    expect(core.connections.password(b.id)).toBe('pw-1');
  });

  it('imports all or nothing, renaming taken names', () => {
    const core = start();
    core.connections.create(pg('Orders'));
    const result = importConnections(core.db, core.connections, [{ profile: pg('Orders') }, { profile: pg('Billing', { passwordMode: 'saved' }), password: 'pw-2' }]);
    expect(result.created.map((c) => c.name)).toEqual(['Orders (2)', 'Billing']);
    expect(result.renamed).toEqual([{ from: 'Orders', to: 'Orders (2)' }]);
    expect(core.connections.password(result.created[1]!.id)).toBe('pw-2');
    const before = core.connections.list().length;
    expect(() => importConnections(core.db, core.connections, [{ profile: pg('New one') }, { profile: { ...pg('Broken'), port: 70000 } }])).toThrow();
    expect(core.connections.list().length).toBe(before);
  });

  it('renders the URL masked when a password is involved, plain when none is', () => {
    const core = start();
    const saved = core.connections.create(pg('A', { passwordMode: 'saved', service: { driver: 'asyncpg' } }), 'secret');
    expect(connectionUrl(saved, {})).toEqual({ url: 'postgresql+asyncpg://app:***@db/orders', masked: true });
    const none = core.connections.create(pg('B'));
    expect(connectionUrl(none, { driver: 'psycopg' })).toEqual({ url: 'postgresql+psycopg://app@db/orders', masked: false });
    expect(connectionUrl(saved, { password: 'se/cret' }).url).toBe('postgresql+asyncpg://app:se%2Fcret@db/orders');
  });
});
