import Database from 'better-sqlite3';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Notice } from '../../shared/contract/app';
import type { Logger } from '../logging/logger';
import { checkWal } from './wal-check';
import { MIGRATIONS, LATEST_VERSION, type Migration, type MigrationContext } from './migrations';
import { KeyfileCipher, type SecretCipher } from '../connections/secrets';
import { installedSqliteAddon } from './sqlite-addon';

export const APP_DB_FILE = 'poolscope.db';

export interface OpenAppDbOptions {
  dataDir: string;
  logger: Logger;
  /** Path to a better-sqlite3 addon built for this runtime (the Electron build lives beside the Node one). */
  nativeBinding?: string;
  migrations?: Migration[];
  /** The cipher migrations encrypt secrets with (the app's primary one); default: the data folder's key file. */
  secretCipher?: () => SecretCipher;
}

export interface OpenedAppDb {
  db: Database.Database;
  file: string;
  notices: Notice[];
}

/** SQLite result codes that mean "this file is not a usable database", as opposed to a busy or locked one. */
const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR_SHORT_READ']);
/** Codes that mean "this file cannot be opened or written here" (permissions, a read-only disk): the file is fine, so it is never moved aside. */
const ACCESS_CODES = /^SQLITE_(CANTOPEN|PERM|READONLY)/;

/** Whether this process may create and write files in `dir` (false on a read-only mount or without permission). */
export function folderWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (creating if needed) the app's own store with WAL and the migrations applied. A corrupt
 * or unreadable file is moved aside, never deleted, and a fresh store is created with a notice
 * that says where the old one went.
 */
export function openAppDb(opts: OpenAppDbOptions): OpenedAppDb {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  // An existing folder keeps the mode it had; this one holds the key to the passwords.
  restrictMode(opts.dataDir, 0o700, opts.logger, false);
  const file = join(opts.dataDir, APP_DB_FILE);
  if (existsSync(file) && !folderWritable(opts.dataDir)) return openReadOnlySnapshot(file, opts);
  const notices: Notice[] = [];
  const emptied = emptiedStore(file, opts.dataDir);
  if (emptied) {
    opts.logger.error('app database was empty (0 bytes) in a folder that had been used', { file });
    notices.push({
      id: 'store-emptied',
      level: 'error',
      title: 'Saved connections were lost: the store file was empty',
      message:
        `The app database ${file} was cut to 0 bytes (a disk or copy failure, or a restore that went wrong), so the connections, ` +
        'their saved passwords, check results and load runs in it are gone; a new, empty store was created in its place. ' +
        'Kept: the key file, the demo database and the logs in the data folder. To recover, quit Poolscope and put poolscope.db back ' +
        'from a backup of the data folder, or import a connections back-up (Import all).',
      at: new Date().toISOString(),
    });
  }
  const walDamage = checkWal(`${file}-wal`);
  if (walDamage) {
    const aside = `${file}-wal.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      copyFileSync(`${file}-wal`, aside);
    } catch {
      // Kept where it is if it cannot be copied; the notice still says what happened.
    }
    opts.logger.error('app database WAL damaged: committed changes will be dropped', { file, ...walDamage });
    notices.push({
      id: 'store-wal-damaged',
      level: 'error',
      title: `The last ${walDamage.lostCommits} saved change${walDamage.lostCommits === 1 ? '' : 's'} could not be recovered`,
      message:
        `The app database's write-ahead log (${file}-wal) is damaged at frame ${walDamage.firstBadFrame} (a disk or copy failure), ` +
        `so the ${walDamage.lostCommits} change${walDamage.lostCommits === 1 ? '' : 's'} saved after that point (new or edited connections, passwords, results) are lost. ` +
        `Kept: everything saved before it. A copy of the damaged log is at ${aside}; to recover, quit Poolscope and restore the data folder from a backup, or redo the last changes.`,
      at: new Date().toISOString(),
    });
  }
  try {
    return { db: openAndMigrate(file, opts), file, notices };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (ACCESS_CODES.test(code)) {
      throw new AppError(
        'DB_ERROR',
        `The app database ${file} cannot be opened for writing (${code}: ${(err as Error).message}).`,
        'Check that this user owns the data folder and may write in it (or start with --data-dir pointing elsewhere). Nothing was changed.',
      );
    }
    if (err instanceof AppError || !CORRUPT_CODES.has(code)) throw err;
    const aside = moveAside(file);
    opts.logger.error('app database unusable, moved aside', { file, aside, code, error: err as Error });
    notices.push({
      id: `store-moved-${Date.now()}`,
      level: 'error',
      title: 'Saved connections could not be read',
      message:
        `The app database ${file} could not be opened (${code}: ${(err as Error).message}). ` +
        `It was moved to ${aside} and a new, empty one was created. Nothing was deleted: ` +
        `the old file is still there for recovery.`,
      at: new Date().toISOString(),
    });
    return { db: openAndMigrate(file, opts), file, notices };
  }
}

/**
 * A 0-byte store in a folder that has been used before: SQLite would silently treat it as a new,
 * empty database. "Used before" is the demo database (only created after the store has its
 * tables) or a key file older than a minute (every start makes the key before opening the store,
 * so a fresh one may belong to another process creating this folder right now, whose 0-byte store
 * is simply new).
 */
function emptiedStore(file: string, dataDir: string): boolean {
  try {
    if (statSync(file).size !== 0 || existsSync(`${file}-wal`)) return false;
  } catch {
    return false;
  }
  if (existsSync(join(dataDir, 'demo', 'tenants.sqlite'))) return true;
  try {
    return statSync(join(dataDir, 'secret.key')).mtimeMs < Date.now() - 60_000;
  } catch {
    return false;
  }
}

/** A storage failure (full disk, read-only folder, a lock held too long) in words, or null for anything else. */
export function storageError(err: unknown): AppError | null {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return new AppError('DB_ERROR', 'The disk that holds Poolscope\'s data folder is full: this change was not saved.', 'Free some disk space and try again. Everything saved before is intact.');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return new AppError('DB_ERROR', 'Poolscope\'s data folder is read-only: this change was not saved.', 'Make the data folder writable (or remount its disk read-write) and start Poolscope again. Everything saved before is intact.');
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new AppError(
      'DB_ERROR',
      `Another Poolscope process (the app, serve mode or the CLI) kept the store locked for more than ${BUSY_TIMEOUT_MS / 1000} s: this change was not saved.`,
      'Try again. If it keeps happening, look for a poolscope process that is stuck and end it.',
    );
  }
  return null;
}

/**
 * A data folder this process cannot write (a read-only mount, another user's folder): SQLite
 * cannot open a WAL database there even read-only (it needs its -shm file beside it), so the
 * store is copied to a private temporary folder and that copy is opened read-only. Everything
 * saved can be listed and used; a change answers "read-only" instead of being lost silently.
 */
function openReadOnlySnapshot(file: string, opts: OpenAppDbOptions): OpenedAppDb {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-readonly-'));
  const copy = join(dir, APP_DB_FILE);
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  let db: Database.Database;
  try {
    const nativeBinding = opts.nativeBinding ?? installedSqliteAddon();
    db = new Database(copy, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const close = db.close.bind(db);
  db.close = () => {
    const r = close();
    rmSync(dir, { recursive: true, force: true });
    return r;
  };
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = (opts.migrations ?? MIGRATIONS).at(-1)?.version ?? 0;
  if (current !== latest) {
    db.close();
    throw new AppError(
      'DB_ERROR',
      `The data folder ${opts.dataDir} is read-only, and its store (schema version ${current}) needs ${current < latest ? 'an upgrade' : 'a newer Poolscope'} (version ${latest}) before this Poolscope can use it.`,
      'Make the folder writable for one start (or use the Poolscope that wrote it), or point --data-dir at another folder.',
    );
  }
  opts.logger.warn('data folder is read-only; opened a read-only copy of the store', { dataDir: opts.dataDir });
  return {
    db,
    file,
    notices: [
      {
        id: 'data-folder-read-only',
        level: 'warn',
        title: 'The data folder is read-only',
        message:
          `Poolscope cannot write in ${opts.dataDir} (a read-only disk, or a folder this user may not change). ` +
          'Your saved connections are shown, but nothing can be saved: new or edited connections, passwords, check results and load runs. ' +
          'Make the folder writable and start Poolscope again.',
        at: new Date().toISOString(),
      },
    ],
  };
}

/**
 * How long a write waits for another process's write to finish (the app, serve mode and the CLI
 * share the store). Writes are short (one connection, one run), so reaching this means something
 * holds the lock abnormally long; the error then says so instead of "database is locked".
 */
export const BUSY_TIMEOUT_MS = 15_000;

/**
 * Some of SQLite's first-open steps do not wait on the busy handler: switching a new file to WAL
 * and WAL recovery answer SQLITE_BUSY at once while another process is doing the same. Those
 * steps are retried here (with a short, growing pause) for as long as a write would wait.
 */
function openAndMigrate(file: string, opts: OpenAppDbOptions): Database.Database {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return openAndMigrateOnce(file, opts);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      Atomics.wait(PAUSE, 0, 0, Math.min(200, 10 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function openAndMigrateOnce(file: string, opts: OpenAppDbOptions): Database.Database {
  // Fix the file's mode before SQLite opens it: a 0444 store would otherwise be opened read-only
  // and every later save would fail.
  restrictMode(file, 0o600, opts.logger);
  const nativeBinding = opts.nativeBinding ?? installedSqliteAddon();
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // A new file was created with the umask's mode: restrict it before the -wal and -shm files
    // (which copy its mode) exist.
    restrictMode(file, 0o600, opts.logger);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // quick_check reads every page header: it catches a damaged file at start, not at first use.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      const e = new Error(`integrity check failed: ${String(check)}`) as Error & { code: string };
      e.code = 'SQLITE_CORRUPT';
      throw e;
    }
    // Deleted and rewritten rows are overwritten with zeros, so a secret moved out of a profile leaves no copy in free pages.
    db.pragma('secure_delete = ON');
    let cipher: SecretCipher | undefined;
    const ctx: MigrationContext = { cipher: () => (cipher ??= opts.secretCipher ? opts.secretCipher() : new KeyfileCipher(opts.dataDir)) };
    if (migrate(db, opts.migrations ?? MIGRATIONS, opts.logger, ctx) > 0) {
      // Old page images (which may hold what a migration removed) leave the WAL now, not at some later checkpoint.
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Takes group and other permissions away from a file or folder (`exact`: sets exactly `mode`, for
 * the store, whose owner must be able to write it). A folder's owner bits are left as they are: a
 * folder its owner made read-only stays read-only. One this user cannot change is logged, not fatal.
 */
export function restrictMode(path: string, mode: number, logger: Logger, exact = true): void {
  if (process.platform === 'win32') return;
  try {
    const current = statSync(path).mode & 0o777;
    const wanted = exact ? mode : current & mode;
    if (current === wanted) return;
    chmodSync(path, wanted);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    logger.warn('could not restrict the mode of a file in the data folder', { path, code });
  }
}

/** Applies the pending migrations; returns how many this process ran. */
export function migrate(db: Database.Database, migrations: Migration[], logger: Logger, ctx?: MigrationContext): number {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const refuseNewer = (current: number): void => {
    if (current > latest) {
      throw new AppError(
        'DB_ERROR',
        `The app database is at schema version ${current}, newer than this Poolscope understands (${latest}).`,
        'It was written by a newer Poolscope. Run that version, or point --data-dir at another folder; the file was left untouched.',
      );
    }
  };
  const context: MigrationContext = ctx ?? {
    cipher: () => {
      throw new Error('This migration needs a secret cipher; open the store with openAppDb.');
    },
  };
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const start = version();
  refuseNewer(start);
  // Up to date: no write lock taken (several processes start at once; a read-only folder works).
  if (start === latest) return 0;
  let ran = 0;
  for (const m of migrations) {
    // IMMEDIATE takes the write lock before reading the version, so when several processes start
    // on a new folder at once, one runs each migration and the others wait, then see it done.
    const did = db
      .transaction(() => {
        const current = version();
        refuseNewer(current);
        if (m.version <= current) return false;
        m.up(db, context);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (did) {
      logger.info('app database migrated', { version: m.version, name: m.name });
      ran++;
    }
  }
  return ran;
}

function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

export { LATEST_VERSION };
