import { describe, expect, it } from 'vitest';
import { defaultPgpassFile, sourceInfo, systemServiceFiles, userServiceFile } from './locations';
import type { ImportEnv } from './types';

/** A machine of the test's choosing: no file exists, so only the paths are looked at. */
function machine(platform: NodeJS.Platform, home: string, env: Record<string, string> = {}): ImportEnv {
  return { platform, home, env, osUser: 'dev', readFile: () => null, stat: () => null, listDir: () => null };
}
const paths = (kind: Parameters<typeof sourceInfo>[0], env: ImportEnv) => sourceInfo(kind, env).locations.map((l) => l.path);

describe('default places per OS', () => {
  it('Linux: XDG folders, snap and Flatpak variants, libpq and mysys defaults', () => {
    const m = machine('linux', '/home/ann', { XDG_CONFIG_HOME: '/home/ann/.cfg' });
    expect(paths('dbeaver', m)).toEqual([
      '/home/ann/.local/share/DBeaverData/workspace6/General/.dbeaver/data-sources.json',
      '/home/ann/snap/dbeaver-ce/current/.local/share/DBeaverData/workspace6/General/.dbeaver/data-sources.json',
      '/home/ann/.var/app/io.dbeaver.DBeaverCommunity/data/DBeaverData/workspace6/General/.dbeaver/data-sources.json',
    ]);
    expect(paths('beekeeper', m)[0]).toBe('/home/ann/.cfg/beekeeper-studio/app.db');
    expect(paths('dbgate', m)).toEqual(['/home/ann/.dbgate/connections.jsonl']);
    expect(paths('pgpass', m)).toEqual(['/home/ann/.pgpass']);
    expect(paths('pgservice', m)).toEqual(['/home/ann/.pg_service.conf', '/etc/postgresql-common/pg_service.conf', '/etc/pg_service.conf']);
    expect(paths('mycnf', m)).toEqual(['/home/ann/.my.cnf', '/etc/my.cnf', '/etc/mysql/my.cnf']);
  });

  it('macOS: Library folders and Homebrew', () => {
    const m = machine('darwin', '/Users/ann');
    expect(paths('dbeaver', m)).toEqual(['/Users/ann/Library/DBeaverData/workspace6/General/.dbeaver/data-sources.json']);
    expect(paths('beekeeper', m)).toEqual(['/Users/ann/Library/Application Support/beekeeper-studio/app.db']);
    expect(paths('mycnf', m)).toContain('/opt/homebrew/etc/my.cnf');
  });

  it('Windows: %APPDATA%, libpq\'s postgresql folder, my.ini', () => {
    const m = machine('win32', 'C:\\Users\\ann', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming', PROGRAMDATA: 'C:\\ProgramData' });
    expect(paths('dbeaver', m)).toEqual(['C:\\Users\\ann\\AppData\\Roaming\\DBeaverData\\workspace6\\General\\.dbeaver\\data-sources.json']);
    expect(paths('beekeeper', m)).toEqual(['C:\\Users\\ann\\AppData\\Roaming\\beekeeper-studio\\app.db']);
    expect(paths('dbgate', m)).toEqual(['C:\\Users\\ann\\.dbgate\\connections.jsonl']);
    expect(defaultPgpassFile(m)).toBe('C:\\Users\\ann\\AppData\\Roaming\\postgresql\\pgpass.conf');
    expect(userServiceFile(m)).toBe('C:\\Users\\ann\\AppData\\Roaming\\postgresql\\.pg_service.conf');
    expect(paths('mycnf', m)[0]).toBe('C:\\ProgramData\\MySQL\\MySQL Server 8.0\\my.ini');
  });

  it('the environment variables libpq and the tools honour come first', () => {
    const m = machine('linux', '/home/ann', { PGPASSFILE: '/srv/pgpass', PGSERVICEFILE: '/srv/services', PGSYSCONFDIR: '/opt/pg/etc', WORKSPACE_DIR: '/data/dbgate' });
    expect(paths('pgpass', m)[0]).toBe('/srv/pgpass');
    expect(defaultPgpassFile(m)).toBe('/srv/pgpass');
    expect(paths('pgservice', m)).toEqual(['/srv/services', '/home/ann/.pg_service.conf', '/opt/pg/etc/pg_service.conf']);
    expect(systemServiceFiles(m)).toEqual(['/opt/pg/etc/pg_service.conf']);
    expect(paths('dbgate', m)[0]).toBe('/data/dbgate/connections.jsonl');
    expect(sourceInfo('pgpass', m).locations.every((l) => l.exists === false)).toBe(true);
  });
});
