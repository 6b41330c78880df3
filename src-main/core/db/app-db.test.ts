import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAppDb, APP_DB_FILE } from './app-db';
import { MIGRATIONS } from './migrations';
import { silentLogger } from '../logging/logger';
import { tempDir } from '../../../test/tmp';

describe('app database', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d.path;
  };

  it('creates the store with WAL and every migration applied', () => {
    const dir = fresh();
    const { db, notices } = openAppDb({ dataDir: dir, logger: silentLogger });
    expect(notices).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['connections', 'secrets', 'settings']));
    db.close();
  });

  it('applies only the migrations that are new, each once', () => {
    const dir = fresh();
    const ran: number[] = [];
    const migrations = [
      { version: 1, name: 'a', up: (db: Database.Database) => (db.exec('CREATE TABLE a (x)'), ran.push(1)) },
      { version: 2, name: 'b', up: (db: Database.Database) => (db.exec('CREATE TABLE b (x)'), ran.push(2)) },
    ];
    openAppDb({ dataDir: dir, logger: silentLogger, migrations: migrations.slice(0, 1) }).db.close();
    openAppDb({ dataDir: dir, logger: silentLogger, migrations }).db.close();
    openAppDb({ dataDir: dir, logger: silentLogger, migrations }).db.close();
    expect(ran).toEqual([1, 2]);
  });

  it('rolls back a migration that fails, leaving the previous version', () => {
    const dir = fresh();
    const migrations = [
      { version: 1, name: 'ok', up: (db: Database.Database) => db.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'broken', up: (db: Database.Database) => (db.exec('CREATE TABLE b (x)'), db.exec('THIS IS NOT SQL')) },
    ];
    expect(() => openAppDb({ dataDir: dir, logger: silentLogger, migrations })).toThrow();
    const db = new Database(join(dir, APP_DB_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('moves a corrupt store aside with a notice and starts fresh, deleting nothing', () => {
    const dir = fresh();
    writeFileSync(join(dir, APP_DB_FILE), 'this is not a sqlite database, just some text that is long enough'.repeat(100));
    const { db, notices } = openAppDb({ dataDir: dir, logger: silentLogger });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.level).toBe('error');
    expect(notices[0]!.message).toMatch(/moved to .*corrupt-/);
    const aside = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(existsSync(join(dir, aside[0]!))).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a store written by a newer Poolscope and leaves it untouched', () => {
    const dir = fresh();
    const db = new Database(join(dir, APP_DB_FILE));
    db.pragma('user_version = 999');
    db.close();
    expect(() => openAppDb({ dataDir: dir, logger: silentLogger })).toThrow(/newer than this Poolscope/);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
  });
});
