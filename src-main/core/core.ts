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
import { ensureDemo } from './demo/demo-db';
import { EventBus } from './events/bus';
import { appVersion } from './paths';
import { PoolRegistry } from './pools/registry';
import { Lab } from './lab/lab';
import { RunStore } from './lab/run-store';
import { ImportService } from './connections/import/service';
import { nodeImportEnv } from './connections/import/loader';
import type { ImportEnv } from './connections/import/types';

export interface CoreOptions {
  dataDir: string;
  mode: RunMode;
  /** Electron's safeStorage, injected by the Electron entry; absent in serve mode and the CLI. */
  safeStorage?: SafeStorageLike;
  /** better-sqlite3 addon for this runtime when it is not the default (the Electron build). */
  nativeBinding?: string;
  /** Echo log lines to stderr (serve mode with --verbose). */
  logEcho?: boolean;
  /** The machine imports read from (tests give a fake home and environment). */
  importEnv?: ImportEnv;
  /** Create the demo connection on first start (default true). */
  seedDemo?: boolean;
}

/**
 * The workbench itself, framework-free: the Electron main process, serve mode, the CLI and the
 * tests all build one of these and talk to it through the same handlers.
 */
export class Core {
  readonly version = appVersion();
  readonly logger: Logger;
  readonly db: Database.Database;
  readonly settings: Settings;
  readonly secrets: SecretStore;
  readonly connections: ConnectionStore;
  readonly bus = new EventBus();
  readonly pools: PoolRegistry;
  readonly lab: Lab;
  readonly imports: ImportService;
  readonly notices: Notice[] = [];
  private readonly closers: Array<() => Promise<void> | void> = [];
  private closed = false;

  constructor(readonly options: CoreOptions) {
    // The data folder holds encrypted secrets and the key that opens them: this user only.
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.logger = createFileLogger({ dir: join(options.dataDir, 'logs'), echo: options.logEcho });
    const keyfile = (): KeyfileCipher => new KeyfileCipher(options.dataDir);
    const safe = usableSafeStorage(options.safeStorage);
    let primary: SecretCipher;
    const readers: SecretCipher[] = [];
    if (safe) {
      primary = new SafeStorageCipher(safe);
      readers.push(keyfile());
    } else {
      primary = keyfile();
    }
    const opened = openAppDb({ dataDir: options.dataDir, logger: this.logger, nativeBinding: options.nativeBinding, secretCipher: () => primary });
    this.db = opened.db;
    this.notices.push(...opened.notices);
    this.settings = new Settings(this.db);

    this.secrets = new SecretStore(this.db, primary, readers, redactor);
    this.connections = new ConnectionStore(this.db, this.secrets, this.logger);
    this.connections.onChange((ids) => this.bus.emit('connections.changed', { ids }));
    this.pools = new PoolRegistry({ store: this.connections, bus: this.bus, logger: this.logger, nativeBinding: options.nativeBinding });
    this.onClose(() => this.pools.closeAll());
    this.imports = new ImportService(this.db, this.connections, options.importEnv ?? nodeImportEnv(), options.nativeBinding);
    this.lab = new Lab(this.pools, new RunStore(this.db), this.bus, this.logger);
    // Closers run in reverse: load runs stop and return their connections before the pools close.
    this.onClose(() => this.lab.stopAll());

    if (options.seedDemo !== false) {
      try {
        ensureDemo({ dataDir: options.dataDir, store: this.connections, settings: this.settings, logger: this.logger, nativeBinding: options.nativeBinding });
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
    this.logger.info('core started', { mode: options.mode, version: this.version, secretStorage: primary.scheme });
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** Register something to close on shutdown (pools, timers), closed in reverse order. */
  onClose(fn: () => Promise<void> | void): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closers.reverse()) {
      try {
        await fn();
      } catch (err) {
        this.logger.error('error while closing', { error: err as Error });
      }
    }
    this.db.close();
    this.logger.info('core stopped');
  }
}
