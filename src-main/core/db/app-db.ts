import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Notice } from '../../shared/contract/app';
import type { Logger } from '../logging/logger';
import { MIGRATIONS, LATEST_VERSION, type Migration, type MigrationContext } from './migrations';
import { KeyfileCipher, type SecretCipher } from '../connections/secrets';

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
const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN', 'SQLITE_IOERR_SHORT_READ', 'SQLITE_PERM', 'SQLITE_READONLY']);

/**
 * Opens (creating if needed) the app's own store with WAL and the migrations applied. A corrupt
 * or unreadable file is moved aside, never deleted, and a fresh store is created with a notice
 * that says where the old one went.
 */
export function openAppDb(opts: OpenAppDbOptions): OpenedAppDb {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = join(opts.dataDir, APP_DB_FILE);
  const notices: Notice[] = [];
  try {
    return { db: openAndMigrate(file, opts), file, notices };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
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
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  try {
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

/** Sets a file's or folder's mode to exactly `mode` when it differs; one this user cannot change (read-only folder) is logged, not fatal. */
export function restrictMode(path: string, mode: number, logger: Logger): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(path).mode & 0o777) === mode) return;
    chmodSync(path, mode);
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
