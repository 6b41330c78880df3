import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileInput } from '../../shared/profile';
import type { ConnectionStore } from '../connections/store';
import type { Settings } from '../db/settings';
import type { Logger } from '../logging/logger';
import { resourcesDir } from '../paths';

export const DEMO_NAME = 'Demo (SQLite)';
const SEEDED_KEY = 'demo.seeded';

export function demoDbPath(dataDir: string): string {
  return join(dataDir, 'demo', 'tenants.sqlite');
}

/** Builds the demo SQLite database from resources/demo. Written to a temporary file and renamed, so a crash never leaves half a demo. */
export function createDemoDatabase(file: string, nativeBinding?: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = DELETE');
    db.exec(readFileSync(join(resourcesDir(), 'demo', 'schema.sql'), 'utf8'));
    db.exec(readFileSync(join(resourcesDir(), 'demo', 'data.sql'), 'utf8'));
  } finally {
    db.close();
  }
  renameSync(tmp, file);
}

/** The demo's profile as saved (the store checks it with the schema when it creates the connection). */
export function demoProfile(file: string): ProfileInput {
  return {
    name: DEMO_NAME,
    backend: 'sqlite',
    database: file,
    color: '#0ea5e9',
    tags: ['demo'],
    service: { environment: 'local', workload: 'oltp', processes: 1, driver: 'aiosqlite' },
  };
}

/** Whether this data folder has had its demo (created once; a deleted demo stays deleted). */
export function demoSeeded(settings: Settings): boolean {
  return settings.get<boolean>(SEEDED_KEY) === true;
}

/**
 * First start: create the demo database and save it as a connection, so a new user sees a real
 * connection at once. Runs once per data directory; a user who deletes the demo keeps it deleted.
 * Several processes may start on a new folder at once (the app, serve mode, the CLI): the file is
 * built under a per-process name and renamed into place (same content whoever wins), and the
 * check-and-save runs in one IMMEDIATE transaction, so exactly one of them saves the connection.
 */
export function ensureDemo(opts: { dataDir: string; db: Database.Database; store: ConnectionStore; settings: Settings; logger: Logger; nativeBinding?: string }): void {
  if (demoSeeded(opts.settings)) return;
  const file = demoDbPath(opts.dataDir);
  if (!existsSync(file)) createDemoDatabase(file, opts.nativeBinding);
  const created = opts.db
    .transaction(() => {
      if (opts.settings.get<boolean>(SEEDED_KEY)) return false;
      if (!opts.store.findByName(DEMO_NAME)) opts.store.create(demoProfile(file), undefined, { builtin: true });
      opts.settings.set(SEEDED_KEY, true);
      return true;
    })
    .immediate();
  if (created) opts.logger.info('demo connection created', { file });
}
