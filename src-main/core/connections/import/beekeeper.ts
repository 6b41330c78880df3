import Database from 'better-sqlite3';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import type { TlsMode } from '../../../shared/profile';
import { makeProfile, sshTunnel, unsupported } from './build';
import { BEEKEEPER_FILE_KEY, decryptWith, openKeyFile } from './tool-keys';
import type { LoadedFile, ParsedSource, RawCandidate } from './types';

/**
 * Beekeeper Studio's app.db (SQLite, TypeORM): table saved_connection, folders in
 * connection_folder (since 2026; older stores have none). Passwords are simple-encryptor text under
 * the key in `.key` beside app.db. Only local connections (workspaceId -1) are read: cloud
 * workspaces live on Beekeeper's servers.
 */

type Row = Record<string, unknown>;
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const flag = (v: unknown): boolean => v === 1 || v === true || v === '1' || v === 'true';

const TYPES: Record<string, Backend> = { postgresql: 'postgresql', psql: 'postgresql', postgres: 'postgresql', mysql: 'mysql', mariadb: 'mariadb', sqlite: 'sqlite' };

export function parseBeekeeper(files: LoadedFile[], nativeBinding?: string): ParsedSource {
  const dbFile = files.find((f) => !basename(f.name).startsWith('.key') && f.bytes.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000');
  const keyFile = files.find((f) => basename(f.name) === '.key' || /\.key$/.test(f.name));
  if (!dbFile) {
    throw new AppError('BAD_INPUT', `${files.map((f) => basename(f.name)).join(', ')} is not Beekeeper Studio's app.db (not a SQLite database).`, 'Choose app.db from Beekeeper Studio\'s data folder (~/.config/beekeeper-studio on Linux); nothing was imported.');
  }
  let db: Database.Database;
  try {
    db = new Database(dbFile.bytes, nativeBinding ? { nativeBinding } : {});
  } catch (err) {
    throw new AppError('BAD_INPUT', `${basename(dbFile.name)} could not be opened as a SQLite database (${(err as Error).message}).`, 'Choose Beekeeper Studio\'s app.db; nothing was imported.');
  }
  const out: ParsedSource = { candidates: [], warnings: [], files: files.map((f) => f.name) };
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    if (!tables.has('saved_connection')) {
      throw new AppError('BAD_INPUT', `${basename(dbFile.name)} is a SQLite database but not Beekeeper Studio's (it has no saved_connection table).`, 'Choose app.db from Beekeeper Studio\'s data folder; nothing was imported.');
    }
    const folders = new Map<number, { name: string; parentId: number | null }>();
    if (tables.has('connection_folder')) {
      for (const f of db.prepare('SELECT id, name, parentId FROM connection_folder').all() as Array<{ id: number; name: string; parentId: number | null }>) folders.set(f.id, { name: f.name, parentId: f.parentId });
    }
    const folderPath = (id: unknown): string => {
      const parts: string[] = [];
      let cur = typeof id === 'number' ? id : null;
      for (let guard = 0; cur !== null && guard < 20; guard++) {
        const f = folders.get(cur);
        if (!f) break;
        parts.unshift(f.name.replace(/\//g, '∕'));
        cur = f.parentId;
      }
      return parts.join('/');
    };
    let key: string | null = null;
    if (keyFile) {
      key = openKeyFile(keyFile.bytes.toString('utf8'), BEEKEEPER_FILE_KEY);
      if (!key) out.warnings.push(`${basename(keyFile.name)} is not Beekeeper Studio's key file (it does not open with Beekeeper's key): passwords cannot be imported.`);
    } else out.warnings.push('Beekeeper Studio\'s .key file (beside app.db) was not found, so saved passwords cannot be read; the connections import without them.');
    const rows = db.prepare('SELECT * FROM saved_connection ORDER BY id').all() as Row[];
    for (const row of rows) {
      if (row.workspaceId !== undefined && row.workspaceId !== -1 && row.workspaceId !== null) continue;
      out.candidates.push(connection(row, folderPath(row.connectionFolderId), key));
    }
  } finally {
    db.close();
  }
  return out;
}

function connection(row: Row, group: string, key: string | null): RawCandidate {
  const origin = `saved_connection id ${s(row.id) ?? '?'}`;
  const name = s(row.name) ?? `Connection ${s(row.id) ?? ''}`;
  const type = s(row.connectionType) ?? '';
  const backend = TYPES[type.toLowerCase()];
  if (!backend) return unsupported(origin, name, `Beekeeper connection type "${type}" is not PostgreSQL, MySQL, MariaDB or SQLite.`, 'Poolscope examines those four; this connection is skipped.', group);
  const decrypt = (v: unknown): string | undefined => {
    const text = s(v);
    if (!text || !key) return undefined;
    return decryptWith(key, text) ?? undefined;
  };
  const encryptedPassword = s(row.password);
  const password = decrypt(row.password);
  const warnings: string[] = [];
  if (encryptedPassword && key && password === undefined) warnings.push('The saved password did not decrypt with the key in .key; it is not imported.');
  const notes: string[] = [];
  let tunnel: ReturnType<typeof sshTunnel>['ssh'];
  if (flag(row.sshEnabled)) {
    const t = sshTunnel('Beekeeper Studio', {
        host: s(row.sshHost),
        port: s(row.sshPort),
        user: s(row.sshUsername),
        auth: s(row.sshMode),
        keyFile: s(row.sshKeyfile),
        bastion: s(row.sshBastionHost) ? { host: s(row.sshBastionHost), port: s(row.sshBastionHostPort), user: s(row.sshBastionUsername) } : null,
      });
    notes.push(t.note);
    tunnel = t.ssh;
  }
  let tls: { mode: TlsMode; ca?: string; cert?: string; key?: string } | undefined;
  if (backend !== 'sqlite') {
    const ssl = flag(row.ssl);
    const ca = s(row.sslCaFile);
    const cert = s(row.sslCertFile);
    const tlsKey = s(row.sslKeyFile);
    // Beekeeper checks the certificate only when it has a CA and "reject unauthorized" is on.
    const mode: TlsMode = !ssl ? (backend === 'postgresql' ? 'prefer' : 'disable') : ca && row.sslRejectUnauthorized !== 0 ? 'verify-full' : 'require';
    tls = { mode, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(tlsKey ? { key: tlsKey } : {}) };
  }
  const socket = flag(row.socketPathEnabled) ? s(row.socketPath) : undefined;
  const database = s(row.defaultDatabase) ?? (backend === 'sqlite' ? s(row.path) : undefined);
  const port = row.port === null || row.port === undefined ? undefined : Number(row.port);
  return {
    origin,
    name,
    ...(group ? { group } : {}),
    profile: makeProfile({
      name,
      backend,
      ...(s(row.host) ? { host: s(row.host)! } : {}),
      ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
      ...(socket ? { socket } : {}),
      ...(database ? { database } : {}),
      ...(s(row.username) ? { user: s(row.username)! } : {}),
      ...(tls ? { tls } : {}),
      group,
      notes,
      ...(tunnel ? { ssh: tunnel } : {}),
      usesPassword: !!encryptedPassword,
    }),
    warnings,
    ...(password !== undefined ? { password, passwordSource: 'Beekeeper Studio (app.db, .key)' } : {}),
  };
}
