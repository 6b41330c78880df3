import { join, win32 } from 'node:path';
import type { ImportKind, ImportSourceInfo } from '../../../shared/import-types';
import type { ImportEnv } from './types';

/**
 * Where each tool keeps its connections on Linux, macOS and Windows, so the dialog can offer the
 * files that exist on this machine before the user goes looking. Paths follow each tool's own code
 * (Electron's userData for Beekeeper, ~/.dbgate for DbGate, DBeaver's workspace6, libpq's rules for
 * .pgpass and pg_service.conf, mysys's list for my.cnf).
 */

interface Place {
  path: string;
  note?: string;
}

function pathFns(env: ImportEnv) {
  return env.platform === 'win32' ? win32.join : join;
}

function candidates(kind: ImportKind, env: ImportEnv): Place[] {
  const j = pathFns(env);
  const home = env.home;
  const e = env.env;
  const appData = e.APPDATA ?? j(home, 'AppData', 'Roaming');
  const xdgData = e.XDG_DATA_HOME || j(home, '.local', 'share');
  const xdgConfig = e.XDG_CONFIG_HOME || j(home, '.config');
  const mac = env.platform === 'darwin';
  const win = env.platform === 'win32';
  switch (kind) {
    case 'dbeaver': {
      const tail = ['workspace6', 'General', '.dbeaver', 'data-sources.json'];
      if (win) return [{ path: j(appData, 'DBeaverData', ...tail) }];
      if (mac) return [{ path: j(home, 'Library', 'DBeaverData', ...tail) }];
      return [
        { path: j(xdgData, 'DBeaverData', ...tail) },
        { path: j(home, 'snap', 'dbeaver-ce', 'current', '.local', 'share', 'DBeaverData', ...tail), note: 'snap package' },
        { path: j(home, '.var', 'app', 'io.dbeaver.DBeaverCommunity', 'data', 'DBeaverData', ...tail), note: 'Flatpak' },
      ];
    }
    case 'beekeeper': {
      if (win) return [{ path: j(appData, 'beekeeper-studio', 'app.db') }];
      if (mac) return [{ path: j(home, 'Library', 'Application Support', 'beekeeper-studio', 'app.db') }];
      return [
        { path: j(xdgConfig, 'beekeeper-studio', 'app.db') },
        { path: j(home, 'snap', 'beekeeper-studio', 'current', '.config', 'beekeeper-studio', 'app.db'), note: 'snap package' },
        { path: j(home, '.var', 'app', 'io.beekeeperstudio.Studio', 'config', 'beekeeper-studio', 'app.db'), note: 'Flatpak' },
      ];
    }
    case 'dbgate':
      return [
        ...(e.WORKSPACE_DIR ? [{ path: j(e.WORKSPACE_DIR, 'connections.jsonl'), note: 'WORKSPACE_DIR' }] : []),
        { path: j(home, '.dbgate', 'connections.jsonl') },
      ];
    case 'datagrip': {
      const projects = j(home, 'DataGripProjects');
      const found = (env.listDir(projects) ?? []).sort().map((p) => ({ path: j(projects, p, '.idea', 'dataSources.xml'), note: `DataGrip project ${p}` }));
      return [...found, { path: j(process.cwd(), '.idea', 'dataSources.xml'), note: 'the project in the current folder (PyCharm, IntelliJ)' }];
    }
    case 'pgpass':
      return [
        ...(e.PGPASSFILE ? [{ path: e.PGPASSFILE, note: 'PGPASSFILE' }] : []),
        win ? { path: j(appData, 'postgresql', 'pgpass.conf') } : { path: j(home, '.pgpass') },
      ];
    case 'pgservice':
      return [
        ...(e.PGSERVICEFILE ? [{ path: e.PGSERVICEFILE, note: 'PGSERVICEFILE' }] : []),
        win ? { path: j(appData, 'postgresql', '.pg_service.conf') } : { path: j(home, '.pg_service.conf') },
        ...systemServiceFiles(env).map((path) => ({ path, note: 'system-wide' })),
      ];
    case 'mycnf':
      if (win) {
        const pd = e.PROGRAMDATA ?? 'C:\\ProgramData';
        return [
          { path: j(pd, 'MySQL', 'MySQL Server 8.0', 'my.ini') },
          { path: j(e.WINDIR ?? 'C:\\Windows', 'my.ini') },
          { path: 'C:\\my.ini' },
          { path: 'C:\\my.cnf' },
        ];
      }
      return [
        { path: j(home, '.my.cnf') },
        ...(e.MYSQL_HOME ? [{ path: j(e.MYSQL_HOME, 'my.cnf'), note: 'MYSQL_HOME' }] : []),
        { path: '/etc/my.cnf' },
        { path: '/etc/mysql/my.cnf' },
        ...(mac ? [{ path: '/usr/local/etc/my.cnf', note: 'Homebrew (Intel)' }, { path: '/opt/homebrew/etc/my.cnf', note: 'Homebrew (Apple silicon)' }] : []),
      ];
    default:
      return [];
  }
}

/** libpq's system service file: PGSYSCONFDIR, else the build's sysconfdir (Debian: /etc/postgresql-common). */
export function systemServiceFiles(env: ImportEnv): string[] {
  const j = pathFns(env);
  if (env.env.PGSYSCONFDIR) return [j(env.env.PGSYSCONFDIR, 'pg_service.conf')];
  if (env.platform === 'win32') return [];
  const dirs = env.platform === 'darwin' ? ['/usr/local/etc', '/opt/homebrew/etc', '/Library/PostgreSQL/etc'] : ['/etc/postgresql-common', '/etc'];
  return dirs.map((d) => j(d, 'pg_service.conf'));
}

/** libpq's user service file: PGSERVICEFILE, else ~/.pg_service.conf (%APPDATA%\postgresql\.pg_service.conf on Windows). */
export function userServiceFile(env: ImportEnv): string {
  if (env.env.PGSERVICEFILE) return env.env.PGSERVICEFILE;
  const j = pathFns(env);
  return env.platform === 'win32' ? j(env.env.APPDATA ?? j(env.home, 'AppData', 'Roaming'), 'postgresql', '.pg_service.conf') : j(env.home, '.pg_service.conf');
}

/** libpq's password file: PGPASSFILE, else ~/.pgpass (%APPDATA%\postgresql\pgpass.conf on Windows). */
export function defaultPgpassFile(env: ImportEnv): string {
  if (env.env.PGPASSFILE) return env.env.PGPASSFILE;
  const j = pathFns(env);
  return env.platform === 'win32' ? j(env.env.APPDATA ?? j(env.home, 'AppData', 'Roaming'), 'postgresql', 'pgpass.conf') : j(env.home, '.pgpass');
}

const INFO: Record<Exclude<ImportKind, 'service-url'>, Omit<ImportSourceInfo, 'kind' | 'locations'>> = {
  dbeaver: { label: 'DBeaver', fileHint: 'data-sources.json from DBeaver\'s workspace (.dbeaver folder); add credentials-config.json beside it for passwords.', accept: '.json', multiFile: true },
  beekeeper: { label: 'Beekeeper Studio', fileHint: 'app.db from Beekeeper Studio\'s data folder; add the .key file beside it for passwords.', accept: '.db,.key', multiFile: true },
  dbgate: { label: 'DbGate', fileHint: 'connections.jsonl from ~/.dbgate; add the .key file beside it for passwords.', accept: '.jsonl,.key', multiFile: true },
  pgadmin: { label: 'pgAdmin', fileHint: 'a servers.json exported by pgAdmin (Tools › Import/Export Servers).', accept: '.json', multiFile: false },
  datagrip: { label: 'DataGrip', fileHint: 'dataSources.xml from a project\'s .idea folder, with dataSources.local.xml beside it.', accept: '.xml', multiFile: true },
  pgpass: { label: '~/.pgpass', fileHint: 'a PostgreSQL password file (~/.pgpass, or the file PGPASSFILE names).', accept: '*', multiFile: false },
  pgservice: { label: 'pg_service.conf', fileHint: 'a PostgreSQL service file (~/.pg_service.conf, PGSERVICEFILE, or the system one).', accept: '.conf,*', multiFile: false },
  mycnf: { label: '~/.my.cnf', fileHint: 'a MySQL/MariaDB option file (~/.my.cnf, /etc/mysql/my.cnf …).', accept: '.cnf,.ini,*', multiFile: false },
};

export function sourceInfo(kind: Exclude<ImportKind, 'service-url'>, env: ImportEnv): ImportSourceInfo {
  const locations = candidates(kind, env).map((p) => {
    const st = env.stat(p.path);
    return { path: p.path, exists: !!st && st.isFile, ...(p.note ? { note: p.note } : {}) };
  });
  return { kind, ...INFO[kind], locations };
}

export const FILE_KINDS = Object.keys(INFO) as Array<Exclude<ImportKind, 'service-url'>>;
