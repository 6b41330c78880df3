import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLocal } from './discovery';
import { httpLikeListener, silentListener, type Fixture } from '../../../test/net-fixtures';
import { mysqlTarget, pgTarget } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { freePort } from '../../../test/pg-cluster';
import { parseProfile } from '../../shared/profile';
import type { StoredConnection } from './store';

function stored(p: Record<string, unknown>): StoredConnection {
  return { ...parseProfile(p), id: String(p.name), hasPassword: false, builtin: false, createdAt: '', updatedAt: '' };
}

describe('local discovery', () => {
  let silent: Fixture;
  let http: Fixture;
  beforeAll(async () => {
    silent = await silentListener();
    http = await httpLikeListener();
  });
  afterAll(async () => {
    await silent?.close();
    await http?.close();
  });

  it('ignores ports that are closed, silent or speak another protocol, and sockets that do not exist', async () => {
    const found = await discoverLocal({
      targets: [
        { kind: 'tcp', host: '127.0.0.1', port: await freePort() },
        { kind: 'tcp', host: '127.0.0.1', port: silent.port },
        { kind: 'tcp', host: '127.0.0.1', port: http.port },
        { kind: 'socket', path: '/nonexistent/.s.PGSQL.5432' },
      ],
      timeoutMs: 800,
    });
    expect(found).toEqual([]);
  });

  it.skipIf(serverMissing('postgres'))('identifies PostgreSQL by its SSLRequest answer and suggests a profile', async () => {
    const t = pgTarget();
    const [pg] = await discoverLocal({ targets: [{ kind: 'tcp', host: t.host, port: t.port }] });
    expect(pg).toMatchObject({ protocol: 'postgresql', product: 'PostgreSQL', via: 'tcp', endpoint: `${t.host}:${t.port}` });
    expect(pg!.detail).toMatch(/TLS (not )?offered/);
    expect(pg!.suggested).toMatchObject({ backend: 'postgresql', host: t.host, port: t.port, user: 'postgres', database: 'postgres' });
  });

  it.skipIf(serverMissing('mysql'))('identifies MySQL/MariaDB by its greeting, with product and version, and knows what is saved', async () => {
    const t = mysqlTarget();
    const target = { kind: 'tcp' as const, host: t.host, port: t.port };
    const [my] = await discoverLocal({ targets: [target], saved: [stored({ name: 'demo file', backend: 'sqlite', database: '/x.db' }), stored({ name: 'pg here', backend: 'postgresql', host: '127.0.0.1', port: t.port })] });
    expect(my!.savedAs).toBeUndefined();
    const [again] = await discoverLocal({ targets: [target], saved: [stored({ name: 'my db', backend: 'mariadb', host: 'localhost', port: t.port })] });
    expect(again!.savedAs).toBe('my db');
    expect(my!.protocol).toBe('mysql');
    expect(['MariaDB', 'MySQL']).toContain(my!.product);
    expect(my!.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(my!.suggested).toMatchObject({ backend: my!.product === 'MySQL' ? 'mysql' : 'mariadb', user: 'root' });
  });

  it('scans the default places and lists each live socket once (/var/run is /run)', async () => {
    const found = await discoverLocal({ saved: [] });
    const endpoints = found.map((f) => f.endpoint);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    const mysqlSockets = endpoints.filter((e) => e.endsWith('mysqld.sock'));
    expect(mysqlSockets.length).toBeLessThanOrEqual(1);
    if (!serverMissing('postgres') && pgTarget().port === 5432) expect(endpoints).toContain('127.0.0.1:5432');
    if (!serverMissing('mysql') && mysqlTarget().port === 3306) expect(endpoints).toContain('127.0.0.1:3306');
  });
});
