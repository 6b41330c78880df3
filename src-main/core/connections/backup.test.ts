import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { createHandlers, dispatch } from '../../api';
import { parseProfile } from '../../shared/profile';
import { tempDir } from '../../../test/tmp';

describe('export and import of all connections', () => {
  const cores: Core[] = [];
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
    dirs.splice(0).forEach((d) => d.cleanup());
  });
  const start = (seedDemo = true) => {
    const d = tempDir();
    dirs.push(d);
    const core = new Core({ dataDir: d.path, mode: 'cli', seedDemo });
    cores.push(core);
    return { core, call: (m: string, input: unknown) => dispatch(createHandlers(core), m, input, { transport: 'test' }, core.logger) };
  };
  const fill = (core: Core) => {
    core.connections.create(parseProfile({ name: 'Orders', backend: 'postgresql', host: 'db.internal', port: 6432, user: 'svc', database: 'orders', passwordMode: 'saved', tags: ['prod'], color: '#ff0000', service: { environment: 'production', workload: 'oltp', processes: 4, driver: 'asyncpg' }, pool: { poolSize: 20, maxOverflow: 5, prePing: true, recycle: 1800 }, tls: { mode: 'verify-full', ca: '/etc/ssl/ca.pem' } }), "p@ss w'rd/ü");
    core.connections.create(parseProfile({ name: 'Reports', backend: 'mariadb', socket: '/run/mysqld/mysqld.sock', user: 'ro', database: 'reports', passwordMode: 'ask', options: { charset: 'utf8mb4', params: { read_timeout: '30' } } }));
    core.connections.create(parseProfile({ name: 'Local', backend: 'sqlite', database: '/srv/app.db', pool: { poolClass: 'NullPool' } }));
  };
  const shape = (core: Core) =>
    core.connections
      .all()
      .filter((c) => !c.builtin)
      .map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => ({ ...rest, password: rest.hasPassword ? core.connections.password(_i) : undefined }));

  it('round-trips every profile exactly, with passwords under a passphrase', async () => {
    const a = start();
    fill(a.core);
    const exported = await a.call('connections.exportAll', { passphrase: 'correct horse battery' });
    expect(exported.ok).toBe(true);
    const { text, count, withPasswords } = (exported as { value: { text: string; count: number; withPasswords: boolean } }).value;
    expect({ count, withPasswords }).toEqual({ count: 3, withPasswords: true });
    expect(text).not.toContain("p@ss w'rd/ü");
    expect(text).not.toContain('Demo (SQLite)');
    const b = start(false);
    const imported = await b.call('connections.importAll', { text, passphrase: 'correct horse battery' });
    expect(imported.ok).toBe(true);
    expect(shape(b.core)).toEqual(shape(a.core));
  });

  it('exports without passwords when no passphrase is given, and the import keeps the profiles', async () => {
    const a = start();
    fill(a.core);
    const { value } = (await a.call('connections.exportAll', {})) as { value: { text: string; withPasswords: boolean } };
    expect(value.withPasswords).toBe(false);
    expect(value.text).not.toContain("p@ss w'rd/ü");
    const b = start(false);
    expect((await b.call('connections.importAll', { text: value.text })).ok).toBe(true);
    const restored = shape(b.core);
    expect(restored.map((c) => c.name)).toEqual(['Orders', 'Reports', 'Local']);
    expect(restored[0]!.hasPassword).toBe(false);
    expect(restored.map(({ hasPassword: _h, password: _p, ...r }) => r)).toEqual(shape(a.core).map(({ hasPassword: _h, password: _p, ...r }) => r));
  });

  it('refuses a wrong or missing passphrase with a clear error and imports nothing', async () => {
    const a = start();
    fill(a.core);
    const { value } = (await a.call('connections.exportAll', { passphrase: 'correct horse battery' })) as { value: { text: string } };
    const b = start(false);
    const wrong = await b.call('connections.importAll', { text: value.text, passphrase: 'wrong horse battery' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', message: 'The passphrase does not open the passwords in this back-up.' } });
    const missing = await b.call('connections.importAll', { text: value.text });
    expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { needsPassphrase: true } } });
    expect(b.core.connections.list()).toEqual([]);
    const profilesOnly = await b.call('connections.importAll', { text: value.text, withoutPasswords: true });
    expect(profilesOnly.ok).toBe(true);
    expect(b.core.connections.list()).toHaveLength(3);
  });

  it('names what is wrong with a file that is not a back-up, and renames taken names on import', async () => {
    const b = start(false);
    expect(await b.call('connections.importAll', { text: 'hello' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('not JSON') } });
    expect(await b.call('connections.importAll', { text: '{"format":"other"}' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const a = start();
    fill(a.core);
    const { value } = (await a.call('connections.exportAll', {})) as { value: { text: string } };
    fill(b.core);
    const r = await b.call('connections.importAll', { text: value.text });
    expect(r).toMatchObject({ ok: true, value: { renamed: [{ from: 'Orders', to: 'Orders (2)' }, { from: 'Reports', to: 'Reports (2)' }, { from: 'Local', to: 'Local (2)' }] } });
    const short = await a.call('connections.exportAll', { passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  // Issue 15 item 2: the file sets its own scrypt cost; p=64 held every request for 5 s.
  it('refuses scrypt parameters above the caps at once, with a clear message, and imports nothing', async () => {
    const a = start();
    fill(a.core);
    const { value } = (await a.call('connections.exportAll', { passphrase: 'correct horse battery' })) as { value: { text: string } };
    const b = start(false);
    const crafted = (change: Record<string, number>) => {
      const file = JSON.parse(value.text) as { passwords: Record<string, unknown> };
      Object.assign(file.passwords, change);
      return JSON.stringify(file);
    };
    for (const [change, named] of [
      [{ p: 64 }, /p=64 \(must be 1 to 4\)/],
      [{ p: 20_000 }, /p=20000/],
      [{ N: 2 ** 20 }, /N=1048576 \(must be a power of two from 16384 to 65536\)/],
      [{ N: 3 }, /N=3/],
      [{ r: 1000 }, /r=1000 \(must be 1 to 16\)/],
      [{ N: 2 ** 16, r: 8, p: 3 }, /N·r·p=1572864 \(at most 1048576\)/],
      [{ N: 2 ** 16, r: 16 }, /needs 128 MiB, at most 64 MiB/],
    ] as const) {
      const started = performance.now();
      const r = await b.call('connections.importAll', { text: crafted(change), passphrase: 'correct horse battery' });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(named), hint: expect.stringContaining('Export the connections again') } });
    }
    expect(b.core.connections.list()).toEqual([]);
  });

  it('derives the key off the event loop: other work runs while a back-up is opened', async () => {
    const a = start();
    fill(a.core);
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const exported = await a.call('connections.exportAll', { passphrase: 'correct horse battery' });
    order.push('export done');
    expect(order).toEqual(['other work', 'export done']);
    const { text } = (exported as { value: { text: string } }).value;
    const b = start(false);
    order.length = 0;
    setImmediate(() => order.push('other work'));
    const imported = await b.call('connections.importAll', { text, passphrase: 'correct horse battery' });
    order.push('import done');
    expect(imported.ok).toBe(true);
    expect(order).toEqual(['other work', 'import done']);
  });

  it('answers text that is not a back-up with BAD_INPUT in words, with or without passwords, importing nothing', async () => {
    const b = start(false);
    const texts: Array<[string, RegExp]> = [
      ['hello', /not JSON/],
      ['[1, 2]', /it is a JSON list/],
      ['null', /it is a JSON null/],
      ['"poolscope-connections"', /it is a JSON string/],
      ['{"connections": []}', /without "format": "poolscope-connections"/],
      ['{"format":"other","version":1}', /without "format"/],
      ['{"format":"poolscope-connections","version":2}', /format version 2; this Poolscope reads version 1/],
      ['{"format":"poolscope-connections","version":1}', /cannot be read: at exportedAt/],
      [JSON.stringify({ format: 'poolscope-connections', version: 1, exportedAt: 'x', app: 'x', connections: [{ profile: { name: 'a', backend: 'nosuch' } }] }), /cannot be read: at connections\.0\.profile/],
    ];
    for (const [text, message] of texts) {
      for (const withoutPasswords of [false, true]) {
        const r = await b.call('connections.importAll', { text, withoutPasswords });
        expect(r, `${text} (withoutPasswords=${withoutPasswords})`).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(message), hint: expect.stringMatching(/Nothing was imported/) } });
        const { error } = r as { error: { message: string; hint: string } };
        expect(error.message + error.hint).not.toMatch(/bug in Poolscope|"code":|\[\s*\{/);
      }
    }
    expect(b.core.connections.list()).toEqual([]);
  });
});
