import type Database from 'better-sqlite3';
import { moveUrlSecrets } from '../connections/url-secrets-migration';
import type { SecretCipher } from '../connections/secrets';

export interface MigrationContext {
  /** The cipher new secrets are written with; created only when a migration needs it. */
  cipher(): SecretCipher;
}

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database, ctx: MigrationContext): void;
}

/**
 * Versioned, forward-only migrations. `PRAGMA user_version` records the last one applied; each
 * runs in its own transaction, so a crash mid-migration leaves the previous version intact.
 * Later features append here; never edit a migration that has shipped.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'connections, secrets, settings',
    up(db) {
      db.exec(`
        CREATE TABLE connections (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          profile     TEXT NOT NULL,
          builtin     INTEGER NOT NULL DEFAULT 0,
          position    INTEGER NOT NULL DEFAULT 0,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        CREATE TABLE secrets (
          connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
          scheme        TEXT NOT NULL,
          blob          BLOB NOT NULL,
          updated_at    TEXT NOT NULL
        );
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'load lab runs',
    up(db) {
      db.exec(`
        CREATE TABLE lab_runs (
          id            TEXT PRIMARY KEY,
          connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
          started_at    INTEGER NOT NULL,
          summary       TEXT NOT NULL,
          detail        TEXT NOT NULL
        );
        CREATE INDEX ix_lab_runs_connection ON lab_runs (connection_id, started_at);
      `);
    },
  },
  {
    version: 4,
    name: 'last check run per connection',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS check_runs (
          connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
          ran_at        TEXT NOT NULL,
          run           TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 6,
    name: 'last config export per connection',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS exports (
          connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
          exported_at   TEXT NOT NULL,
          export        TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 7,
    name: 'secrets given in URL parameters move into the secret store',
    up(db, ctx) {
      moveUrlSecrets(db, () => ctx.cipher());
    },
  },
  {
    version: 8,
    name: 'ssh secrets (key passphrases, SSH passwords)',
    up(db) {
      // Keyed by what the secret belongs to (a key file, user@host:port), not by connection: every
      // connection through the same bastion shares it. Profiles gain an optional `ssh` field, which
      // needs no change here (old profiles simply have none).
      db.exec(`
        CREATE TABLE IF NOT EXISTS ssh_secrets (
          secret_key  TEXT PRIMARY KEY,
          scheme      TEXT NOT NULL,
          blob        BLOB NOT NULL,
          updated_at  TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 9,
    name: 'last connection test per connection',
    up(db) {
      // `target` is a hash of where the profile pointed when it was tested, so an edit that moves
      // the connection elsewhere shows the result as stale. Only the outcome is kept, never text
      // a driver wrote (that could hold a secret).
      db.exec(`
        CREATE TABLE IF NOT EXISTS test_results (
          connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
          tested_at     TEXT NOT NULL,
          target        TEXT NOT NULL,
          result        TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 10,
    name: 'profile stamps (the schema that accepted a saved profile)',
    up(db) {
      // core/connections/profile-stamp.ts: the schema identity and a digest of the profile text it
      // accepted. NULL (every existing row) means "check it with the schema", as before.
      db.exec('ALTER TABLE connections ADD COLUMN checked TEXT');
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
