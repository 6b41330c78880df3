import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Notice, RunMode } from '../shared/contract/app';
import { openAppDb } from './db/app-db';
import { Settings } from './db/settings';
import { createFileLogger, type Logger } from './logging/logger';
import { redactor } from './logging/redact';
import { KeyfileCipher, SafeStorageCipher, usableSafeStorage, type SafeStorageLike, type SecretCipher } from './connections/secrets';
import { SecretStore } from './connections/secret-store';
import { ConnectionStore } from './connections/store';
import { demoSeeded, ensureDemo } from './demo/demo-db';
import { BUILD_PROFILE_SCHEMA_TAG, type ProfileSchema, type ProfileSchemaSource } from './connections/profile-stamp';

export interface AppStoreOptions {
  dataDir: string;
  mode: RunMode;
  /** Electron's safeStorage, injected by the Electron entry; absent in serve mode and the CLI. */
  safeStorage?: SafeStorageLike;
  /** better-sqlite3 addon for this runtime when it is not the default (the Electron build). */
  nativeBinding?: string;
  /** Echo log lines to stderr (serve mode with --verbose). */
  logEcho?: boolean;
  /** Create the demo connection on first start (default true). */
  seedDemo?: boolean;
  /**
   * The profile schema (shared/profile.ts). Required when the store is built with `new`; `AppStore.open`
   * loads it only when a saved row needs it (see connections/profile-stamp.ts).
   */
  profileSchema?: ProfileSchema;
  /** The schema identity rows are stamped with (default: this build's; none when run from source). */
  profileSchemaTag?: string;
}

/**
 * The data folder opened for reading and editing saved connections, and nothing else: the app
 * database, the secret key, the saved connections and the demo. `Core` is built on one of these;
 * commands that only read profiles (`poolscope list`, `url`) open this alone, so their start does
 * not load (or construct) pools, the lab, imports, SSH or the network drivers.
 */
export class AppStore {
  readonly logger: Logger;
  readonly db: Database.Database;
  readonly settings: Settings;
  readonly secrets: SecretStore;
  readonly connections: ConnectionStore;
  readonly notices: Notice[] = [];
  /** The scheme new secrets are written with (safeStorage in Electron, else the key file). */
  readonly secretScheme: string;
  private closed = false;
  private schema: ProfileSchema | undefined;

  /**
   * Opens the store for a reader that may not need the profile schema (the CLI's `list`): the schema
   * module (zod) is loaded only when a saved row has no valid stamp or the demo is still to be created.
   */
  static async open(options: AppStoreOptions): Promise<AppStore> {
    const store = new AppStore(options, true);
    try {
      if (!store.schema && store.needsProfileSchema()) store.useProfileSchema((await import('../shared/profile')).profileInputSchema);
      store.finishOpen();
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /** Gives the store the profile schema (the core does, so a store opened by `open` can be written through it). */
  useProfileSchema(schema: ProfileSchema): void {
    this.schema ??= schema;
  }

  constructor(options: AppStoreOptions);
  constructor(options: AppStoreOptions, deferChecks: boolean);
  constructor(
    readonly options: AppStoreOptions,
    deferChecks = false,
  ) {
    this.schema = options.profileSchema;
    // The data folder holds encrypted secrets and the key that opens them: this user only.
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.logger = createFileLogger({ dir: join(options.dataDir, 'logs'), echo: options.logEcho });
    const keyfile = new KeyfileCipher(options.dataDir);
    const safe = usableSafeStorage(options.safeStorage);
    let primary: SecretCipher;
    const readers: SecretCipher[] = [];
    if (safe) {
      primary = new SafeStorageCipher(safe);
      readers.push(keyfile);
    } else {
      primary = keyfile;
    }
    this.secretScheme = primary.scheme;
    const opened = openAppDb({ dataDir: options.dataDir, logger: this.logger, nativeBinding: options.nativeBinding, secretCipher: () => primary });
    this.db = opened.db;
    this.notices.push(...opened.notices);
    this.settings = new Settings(this.db);

    this.secrets = new SecretStore(this.db, primary, readers, redactor);
    const profiles: ProfileSchemaSource = {
      tag: 'profileSchemaTag' in options ? options.profileSchemaTag : BUILD_PROFILE_SCHEMA_TAG,
      schema: () => {
        if (!this.schema) throw new Error('The profile schema was not given to this store (open it with AppStore.open, or pass profileSchema).');
        return this.schema;
      },
    };
    this.connections = new ConnectionStore(this.db, this.secrets, this.logger, profiles);
    this.keyfile = keyfile;
    if (!deferChecks) this.finishOpen();
  }

  private readonly keyfile: KeyfileCipher;

  /** Whether finishing the start (the damage check of every saved row, the first-start demo) needs the profile schema. */
  private needsProfileSchema(): boolean {
    return (this.options.seedDemo !== false && !demoSeeded(this.settings)) || this.connections.needsSchema();
  }

  /** What the start finds damaged in the data folder, told as notices; then the demo on first start. */
  private finishOpen(): void {
    this.notices.push(...storeDamageNotices(this.db, this.keyfile, this.connections, this.options.dataDir));
    for (const n of this.notices) this.logger.warn('start-up notice', { id: n.id, title: n.title });
    if (this.options.seedDemo !== false) this.seedDemo();
  }

  /** Creates the demo connection on first start (ensureDemo remembers that it did, so a deleted demo stays deleted). */
  private seedDemo(): void {
    try {
      ensureDemo({ dataDir: this.options.dataDir, db: this.db, store: this.connections, settings: this.settings, logger: this.logger, nativeBinding: this.options.nativeBinding });
    } catch (err) {
      this.logger.error('demo database could not be created', { error: err as Error });
      this.notices.push({
        id: 'demo-failed',
        level: 'warn',
        title: 'The demo connection could not be created',
        message: `Creating the demo SQLite database failed: ${(err as Error).message}. Everything else works; add your own connection.`,
        at: new Date().toISOString(),
      });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/**
 * What the start found damaged in the data folder, told to the user: what was lost, what was
 * kept, how to recover. Silent repairs would leave a user wondering why passwords stopped working
 * or connections disappeared.
 */
function storeDamageNotices(db: Database.Database, keyfile: KeyfileCipher, store: ConnectionStore, dataDir: string): Notice[] {
  const notices: Notice[] = [];
  const at = new Date().toISOString();
  const names = (list: string[]): string => {
    const shown = list.slice(0, 5).map((n) => `"${n}"`).join(', ');
    return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
  };
  const status = keyfile.status;
  if (status.state !== 'loaded') {
    const locked = (
      db
        .prepare("SELECT c.name AS name FROM secrets s JOIN connections c ON c.id = s.connection_id WHERE s.scheme = ? ORDER BY c.position, c.created_at")
        .all(keyfile.scheme) as Array<{ name: string }>
    ).map((r) => r.name);
    const what =
      status.state === 'replaced'
        ? `The key file ${keyfile.file} was damaged (${status.problem}). It was moved to ${status.aside} and a new key was created.`
        : status.state === 'unavailable'
          ? `The key file ${keyfile.file} is missing and the data folder cannot be written (${status.problem}), so no key could be made.`
          : `The key file ${keyfile.file} was missing, so a new key was created.`;
    if (locked.length > 0) {
      notices.push({
        id: `secret-key-${status.state}`,
        level: 'error',
        title: `${locked.length} saved password${locked.length === 1 ? '' : 's'} can no longer be read`,
        message:
          `${what} The saved passwords of ${names(locked)} were encrypted with the ${status.state === 'unavailable' ? 'missing key and cannot be decrypted without it' : 'old key and cannot be decrypted with the new one'}. ` +
          'Kept: every connection with its settings, and the encrypted passwords. To recover them, quit Poolscope (every window, serve mode and CLI) and put the old secret.key back ' +
          `from a backup of ${dataDir}; otherwise ${status.state === 'unavailable' ? 'make the folder writable, then ' : ''}edit each connection and enter its password again.`,
        at,
      });
    } else if (status.state === 'unavailable') {
      notices.push({
        id: 'secret-key-unavailable',
        level: 'warn',
        title: 'Passwords cannot be saved in this data folder',
        message: `${what} No saved password needs it, so nothing was lost; "ask on connect" still works.`,
        at,
      });
    } else if (status.state === 'replaced') {
      notices.push({
        id: 'secret-key-replaced',
        level: 'warn',
        title: 'The key file was damaged and has been replaced',
        message: `${what} No saved password used it, so nothing was lost.`,
        at,
      });
    }
  }
  const unreadable = store.unreadable();
  if (unreadable.length > 0) {
    notices.push({
      id: 'profiles-unreadable',
      level: 'error',
      title: `${unreadable.length} saved connection${unreadable.length === 1 ? '' : 's'} could not be read`,
      message:
        unreadable
          .slice(0, 5)
          .map((u) => `"${u.name}": ${u.reason}.`)
          .join(' ') +
        (unreadable.length > 5 ? ` And ${unreadable.length - 5} more.` : '') +
        ' They are hidden from the list but kept unchanged in the store (nothing was deleted), and their names stay taken. ' +
        `To recover, restore poolscope.db from a backup of ${dataDir}, or import them from a connections back-up.`,
      at,
    });
  }
  return notices;
}
