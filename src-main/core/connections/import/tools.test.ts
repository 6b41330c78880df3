import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/tmp';
import { parseBeekeeper } from './beekeeper';
import { parseDatagrip } from './datagrip';
import { parseDbeaver } from './dbeaver';
import { parseDbgate } from './dbgate';
import { FIXTURES, testEnv, writeBeekeeperStore, writeDbeaverWorkspace, writeDbgateStore } from './fixtures/stores';
import { parseJdbcUrl } from './jdbc';
import { loadFromPath } from './loader';
import { parsePgadmin } from './pgadmin';
import type { LoadedFile } from './types';

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
const scratch = () => {
  const d = tempDir('poolscope-import-');
  dirs.push(d);
  return d.path;
};
const fixture = (name: string): LoadedFile => ({ name: join(FIXTURES, name), onDisk: true, bytes: readFileSync(join(FIXTURES, name)) });
const byName = <T extends { name: string }>(list: T[], name: string) => {
  const found = list.find((c) => c.name === name);
  if (!found) throw new Error(`no candidate ${name} in ${list.map((c) => c.name).join(', ')}`);
  return found;
};

describe('JDBC URLs', () => {
  it('reads host, port, database and parameters for the four backends', () => {
    expect(parseJdbcUrl('jdbc:postgresql://db.example.com:6432/orders?sslmode=require&ApplicationName=x')).toEqual({ backend: 'postgresql', host: 'db.example.com', port: 6432, database: 'orders', params: { sslmode: 'require', ApplicationName: 'x' } });
    expect(parseJdbcUrl('jdbc:postgresql:orders')).toEqual({ backend: 'postgresql', host: 'localhost', database: 'orders', params: {} });
    expect(parseJdbcUrl('jdbc:mysql://localhost:3306')).toMatchObject({ backend: 'mysql', host: 'localhost', port: 3306, database: '' });
    expect(parseJdbcUrl('jdbc:mariadb://[::1]:3307/crm')).toMatchObject({ backend: 'mariadb', host: '::1', port: 3307, database: 'crm' });
    expect(parseJdbcUrl('jdbc:sqlite:/home/dev/app.sqlite')).toMatchObject({ backend: 'sqlite', database: '/home/dev/app.sqlite' });
    expect(parseJdbcUrl('jdbc:sqlite::memory:').database).toBe(':memory:');
  });

  it('refuses what it cannot represent, with the reason', () => {
    expect(() => parseJdbcUrl('jdbc:oracle:thin:@h:1521:X')).toThrow(/not PostgreSQL, MySQL, MariaDB or SQLite/);
    expect(() => parseJdbcUrl('jdbc:postgresql://a:5432,b:5432/db')).toThrow(/several hosts/);
    expect(() => parseJdbcUrl('jdbc:mysql://h:99999/db')).toThrow(/not a port/);
    expect(() => parseJdbcUrl('postgres://x')).toThrow(/not a JDBC URL/);
  });
});

describe('DBeaver', () => {
  const creds = {
    'postgres-jdbc-18f3a0c2b1e-6a1f2c3d4e5f6a7b': { '#connection': { user: 'orders_app', password: 'Pr0d pw:@/' }, 'network/ssh_tunnel': { user: 'deploy' } },
    'mysql8-18f3a0c2b1e-1b2c3d4e5f6a7b8c': { '#connection': { user: 'root', password: 'root-pw' } },
  };

  it('reads folders, drivers, URLs, connection types, colours and the SSH tunnel as a note', () => {
    const dir = scratch();
    const path = writeDbeaverWorkspace(dir, creds);
    const out = parseDbeaver(loadFromPath('dbeaver', path, testEnv(dir)));
    expect(out.candidates).toHaveLength(6);
    const orders = byName(out.candidates, 'orders (prod)');
    expect(orders.profile).toMatchObject({ backend: 'postgresql', host: 'db.eu.example.com', port: 5432, database: 'orders', user: 'orders_app', group: 'Production/EU', color: '#ff8000', service: { environment: 'production' } });
    expect(orders.password).toBe('Pr0d pw:@/');
    expect(orders.profile!.notes).toMatch(/SSH tunnel: ssh deploy@bastion\.example\.com:22 \(public key, key \/home\/dev\/\.ssh\/id_ed25519\)/);
    expect(orders.profile!.ssh).toEqual({ hops: [{ host: 'bastion.example.com', port: 22, user: 'deploy', auth: 'key', keyFile: '/home/dev/.ssh/id_ed25519' }] });
    expect(byName(out.candidates, 'legacy crm').profile).toMatchObject({ backend: 'mariadb', host: 'crm.internal', port: 3307, database: 'crm', service: { environment: 'test' } });
    expect(byName(out.candidates, 'local cache').profile).toMatchObject({ backend: 'sqlite', database: '/home/dev/cache.sqlite' });
    expect(byName(out.candidates, 'erp').error?.message).toMatch(/oracle\/oracle_thin is not PostgreSQL/);
    expect(byName(out.candidates, 'shop').password).toBe('root-pw');
  });

  it('imports without passwords when the credentials file is missing or protected by another key', () => {
    const dir = scratch();
    const path = writeDbeaverWorkspace(dir, creds, Buffer.alloc(16, 7));
    const out = parseDbeaver(loadFromPath('dbeaver', path, testEnv(dir)));
    expect(out.warnings.join(' ')).toMatch(/could not be decrypted with DBeaver's default key/);
    expect(out.candidates.every((c) => c.password === undefined)).toBe(true);
    const none = parseDbeaver([fixture('dbeaver-data-sources.json')]);
    expect(none.warnings.join(' ')).toMatch(/No credentials-config\.json/);
  });

  it('refuses a foreign JSON file and a non-JSON file with what to choose instead', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'data-sources.json'), '{"Servers": {}}');
    expect(() => parseDbeaver(loadFromPath('dbeaver', join(dir, 'data-sources.json'), testEnv(dir)))).toThrow(/not a DBeaver data-sources file/);
    writeFileSync(join(dir, 'data-sources.json'), 'not json');
    expect(() => parseDbeaver(loadFromPath('dbeaver', dir, testEnv(dir)))).toThrow(/not valid JSON/);
    expect(() => parseDbeaver([fixture('pgadmin-servers.json')])).toThrow(/is DBeaver's data-sources\.json/);
  });
});

describe('Beekeeper Studio', () => {
  it('reads app.db with nested folders, SSH notes and passwords from .key', () => {
    const dir = scratch();
    writeBeekeeperStore(
      dir,
      [
        { name: 'Orders', connectionType: 'postgresql', host: 'db.internal', port: 5432, username: 'app', defaultDatabase: 'orders', password: 'bk-secret', folder: 'EU', sshEnabled: true, sshHost: 'bastion', sshUsername: 'ops', sshMode: 'keyfile', sshKeyfile: '~/.ssh/id_rsa' },
        { name: 'Shop', connectionType: 'mariadb', host: 'localhost', port: 3306, username: 'root', ssl: true, sslCaFile: '/ca.pem' },
        { name: 'Cache', connectionType: 'sqlite', defaultDatabase: '/data/cache.db' },
        { name: 'Warehouse', connectionType: 'sqlserver', host: 'wh' },
        { name: 'Cloud only', connectionType: 'postgresql', host: 'x', workspaceId: 12 },
      ],
      { folders: [{ id: 1, name: 'Production' }, { id: 2, name: 'EU', parentId: 1 }] },
    );
    const out = parseBeekeeper(loadFromPath('beekeeper', dir, testEnv(dir)));
    expect(out.candidates.map((c) => c.name)).toEqual(['Orders', 'Shop', 'Cache', 'Warehouse']);
    const orders = byName(out.candidates, 'Orders');
    expect(orders.profile).toMatchObject({ backend: 'postgresql', host: 'db.internal', database: 'orders', user: 'app', group: 'Production/EU' });
    expect(orders.password).toBe('bk-secret');
    expect(orders.profile!.notes).toMatch(/Beekeeper Studio reaches this server through an SSH tunnel: ssh ops@bastion/);
    expect(orders.profile!.ssh).toEqual({ hops: [{ host: 'bastion', user: 'ops', auth: 'key', keyFile: '~/.ssh/id_rsa' }] });
    expect(byName(out.candidates, 'Shop').profile!.tls).toMatchObject({ mode: 'verify-full', ca: '/ca.pem' });
    expect(byName(out.candidates, 'Cache').profile).toMatchObject({ backend: 'sqlite', database: '/data/cache.db' });
    expect(byName(out.candidates, 'Warehouse').error?.message).toMatch(/sqlserver/);
  });

  it('imports without passwords when .key is missing, and refuses a SQLite file that is not Beekeeper\'s', () => {
    const dir = scratch();
    writeBeekeeperStore(dir, [{ name: 'A', connectionType: 'postgresql', host: 'h', password: 'x' }], { withKey: false });
    const out = parseBeekeeper(loadFromPath('beekeeper', join(dir, 'app.db'), testEnv(dir)));
    expect(out.candidates[0]!.password).toBeUndefined();
    expect(out.warnings.join(' ')).toMatch(/\.key file .* was not found/);
    expect(() => parseBeekeeper([fixture('pgadmin-servers.json')])).toThrow(/not a SQLite database/);
  });
});

describe('DbGate', () => {
  it('reads connections.jsonl: engines, folders, crypt: and raw passwords, socket mode, database URL', () => {
    const dir = scratch();
    writeDbgateStore(dir, [
      { _id: 'a1', engine: 'postgres@dbgate-plugin-postgres', server: 'pg.internal', port: '5432', user: 'app', password: 'dg secret', displayName: 'Orders', parent: 'Prod', defaultDatabase: 'orders', useSshTunnel: true, sshHost: 'jump', sshLogin: 'me', sshMode: 'keyFile', sshKeyfile: '/k' },
      { _id: 'a2', engine: 'mysql@dbgate-plugin-mysql', server: 'localhost', user: 'root', password: 'raw-pw', passwordMode: 'saveRaw' },
      { _id: 'a3', engine: 'postgres@dbgate-plugin-postgres', authType: 'socket', user: 'postgres', displayName: 'Local socket' },
      { _id: 'a4', engine: 'postgres@dbgate-plugin-postgres', useDatabaseUrl: true, databaseUrl: 'postgresql://u:url-pw@h:6543/db', displayName: 'By URL' },
      { _id: 'a5', engine: 'mongo@dbgate-plugin-mongo', server: 'm', displayName: 'Mongo' },
      { _id: 'a6', engine: 'sqlite@dbgate-plugin-sqlite', databaseFile: '/tmp/x.sqlite' },
    ]);
    const out = parseDbgate(loadFromPath('dbgate', dir, testEnv(dir)));
    const orders = byName(out.candidates, 'Orders');
    expect(orders.profile).toMatchObject({ backend: 'postgresql', host: 'pg.internal', port: 5432, user: 'app', database: 'orders', group: 'Prod' });
    expect(orders.password).toBe('dg secret');
    expect(orders.profile!.notes).toMatch(/DbGate reaches this server through an SSH tunnel: ssh me@jump/);
    expect(orders.profile!.ssh).toEqual({ hops: [{ host: 'jump', user: 'me', auth: 'key', keyFile: '/k' }] });
    expect(byName(out.candidates, 'localhost').password).toBe('raw-pw');
    expect(byName(out.candidates, 'Local socket').profile).toMatchObject({ socket: '/var/run/postgresql' });
    expect(byName(out.candidates, 'By URL').profile).toMatchObject({ host: 'h', port: 6543, database: 'db', user: 'u' });
    expect(byName(out.candidates, 'By URL').password).toBe('url-pw');
    expect(byName(out.candidates, 'Mongo').error?.message).toMatch(/mongo@dbgate-plugin-mongo/);
    expect(byName(out.candidates, 'x.sqlite').profile).toMatchObject({ backend: 'sqlite', database: '/tmp/x.sqlite' });
  });

  it('refuses a file that is not DbGate\'s', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'connections.jsonl'), '{"name": "x"}\n{"name": "y"}');
    expect(() => parseDbgate(loadFromPath('dbgate', dir, testEnv(dir)))).toThrow(/none has DbGate's "engine" field/);
    writeFileSync(join(dir, 'connections.jsonl'), '[1,2]');
    expect(() => parseDbgate(loadFromPath('dbgate', dir, testEnv(dir)))).toThrow(/Line 1 .* is not a JSON object/);
  });
});

describe('pgAdmin servers.json', () => {
  it('reads the documented example, the pre-6 format, and refuses rows pgAdmin would refuse', () => {
    const out = parsePgadmin([fixture('pgadmin-servers.json')]);
    const min = byName(out.candidates, 'Minimally Defined Server');
    expect(min.profile).toMatchObject({ backend: 'postgresql', host: 'localhost', port: 5432, database: 'postgres', user: 'postgres', group: 'Server Group 1', options: { connectTimeoutSec: 10 } });
    const full = byName(out.candidates, 'Fully Defined Server');
    expect(full.profile).toMatchObject({ host: 'host.domain.com', tls: { mode: 'verify-full', cert: '/Users/someone/.ssh/cert' }, color: '#ff9900' });
    expect(full.passfile).toBe('/Users/someone/.pgpass');
    expect(full.profile!.notes).toMatch(/pgAdmin reaches this server through an SSH tunnel: ssh username@192\.168\.1\.253:22 \(identity file/);
    expect(full.profile!.ssh?.hops).toEqual([expect.objectContaining({ host: '192.168.1.253', port: 22, user: 'username', auth: 'key' })]);
    expect(full.profile!.notes).toMatch(/role my_role_name/);
    expect(byName(out.candidates, 'Legacy Format Server').profile).toMatchObject({ port: 5433, tls: { mode: 'require', ca: '/path/to/sslroot.crt' }, options: { connectTimeoutSec: 60 } });
    expect(byName(out.candidates, 'No Maintenance DB').error?.message).toMatch(/'MaintenanceDB' attribute not found/);
  });

  it('refuses a file without "Servers"', () => {
    expect(() => parsePgadmin([{ name: 'x.json', onDisk: false, bytes: Buffer.from('{"connections":{}}') }])).toThrow(/no "Servers" object/);
  });
});

describe('DataGrip', () => {
  it('joins dataSources.xml with dataSources.local.xml by uuid; groups, TLS and SSH notes', () => {
    const out = parseDatagrip([fixture('datagrip-dataSources.xml'), fixture('datagrip-dataSources.local.xml')]);
    const orders = byName(out.candidates, 'orders@db.example.com');
    expect(orders.profile).toMatchObject({ backend: 'postgresql', host: 'db.example.com', port: 5432, database: 'orders', user: 'app', group: 'Work/Prod', tls: { mode: 'verify-full', ca: '/home/dev/certs/root.crt' } });
    expect(orders.profile!.notes).toMatch(/SSH tunnel \(SSH configuration 9d3e0c55/);
    expect(byName(out.candidates, 'MySQL - shop@localhost').profile).toMatchObject({ backend: 'mysql', user: 'root', database: 'shop' });
    expect(byName(out.candidates, 'app.sqlite').profile).toMatchObject({ backend: 'sqlite', database: '/home/dev/app.sqlite' });
    expect(byName(out.candidates, 'Ventas').error?.message).toMatch(/sqlserver\.ms/);
    expect(out.warnings.join(' ')).toMatch(/OS keychain or KeePass/);
  });

  it('refuses XML that is not DataGrip\'s, and broken XML with the line', () => {
    expect(() => parseDatagrip([{ name: 'dataSources.xml', onDisk: false, bytes: Buffer.from('<project><component name="Other"/></project>') }])).toThrow(/no DataSourceManagerImpl component/);
    expect(() => parseDatagrip([{ name: 'dataSources.xml', onDisk: false, bytes: Buffer.from('<project>\n<component name="x">\n</project>') }])).toThrow(/not well-formed XML \(line \d+/);
  });
});
