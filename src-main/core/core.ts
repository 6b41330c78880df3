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
import { setTunnelManager } from './drivers';
import { TunnelManager } from './ssh/manager';
import { SshSecretStore } from './ssh/secrets';
import type { ResolveEnv } from './ssh/resolve';
import type { HostKeyFacts } from '../shared/ssh';

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
  /** Where SSH reads its config and known hosts (tests give their own); default the user's ~/.ssh. */
  ssh?: { env?: ResolveEnv; knownHostsFiles?: string[]; agentSocket?: string; acceptNewHostKeys?: boolean; onHostKeyLearned?: (facts: HostKeyFacts) => void };
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
  readonly sshSecrets: SshSecretStore;
  readonly tunnels: TunnelManager;
  readonly notices: Notice[] = [];
  private readonly closers: Array<() => Promise<void> | void> = [];
  private closed = false;

  constructor(readonly options: CoreOptions) {
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
    const opened = openAppDb({ dataDir: options.dataDir, logger: this.logger, nativeBinding: options.nativeBinding, secretCipher: () => primary });
    this.db = opened.db;
    this.notices.push(...opened.notices);
    this.settings = new Settings(this.db);

    this.secrets = new SecretStore(this.db, primary, readers, redactor);
    this.connections = new ConnectionStore(this.db, this.secrets, this.logger);
    this.notices.push(...storeDamageNotices(this.db, keyfile, this.connections, options.dataDir));
    for (const n of this.notices) this.logger.warn('start-up notice', { id: n.id, title: n.title });
    this.connections.onChange((ids) => this.bus.emit('connections.changed', { ids }));
    this.sshSecrets = new SshSecretStore(this.db, this.secrets);
    this.tunnels = new TunnelManager({
      dataDir: options.dataDir,
      env: { ...options.ssh?.env, secret: (key) => options.ssh?.env?.secret?.(key) ?? this.sshSecrets.get(key) },
      ...(options.ssh?.knownHostsFiles ? { knownHostsFiles: options.ssh.knownHostsFiles } : {}),
      ...(options.ssh?.agentSocket ? { agentSocket: options.ssh.agentSocket } : {}),
      ...(options.ssh?.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
      ...(options.ssh?.onHostKeyLearned ? { onHostKeyLearned: options.ssh.onHostKeyLearned } : {}),
      onEvent: (e) => {
        this.bus.emit('ssh.tunnel', e);
        this.logger.info('ssh tunnel', { kind: e.kind, state: e.state, message: e.message });
      },
    });
    const unsetTunnels = setTunnelManager(this.tunnels);
    // Tunnels close after the pools and load runs that use them (closers run in reverse).
    this.onClose(async () => {
      await this.tunnels.closeAll();
      unsetTunnels();
    });
    this.pools = new PoolRegistry({ store: this.connections, bus: this.bus, logger: this.logger, nativeBinding: options.nativeBinding });
    this.onClose(() => this.pools.closeAll());
    this.imports = new ImportService(this.db, this.connections, options.importEnv ?? nodeImportEnv(), options.nativeBinding);
    this.lab = new Lab(this.pools, new RunStore(this.db), this.bus, this.logger);
    // Closers run in reverse: load runs stop and return their connections before the pools close.
    this.onClose(() => this.lab.stopAll());

    if (options.seedDemo !== false) {
      try {
        ensureDemo({ dataDir: options.dataDir, db: this.db, store: this.connections, settings: this.settings, logger: this.logger, nativeBinding: options.nativeBinding });
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
        : `The key file ${keyfile.file} was missing, so a new key was created.`;
    if (locked.length > 0) {
      notices.push({
        id: `secret-key-${status.state}`,
        level: 'error',
        title: `${locked.length} saved password${locked.length === 1 ? '' : 's'} can no longer be read`,
        message:
          `${what} The saved passwords of ${names(locked)} were encrypted with the old key and cannot be decrypted with the new one. ` +
          'Kept: every connection with its settings, and the encrypted passwords. To recover them, quit Poolscope (every window, serve mode and CLI) and put the old secret.key back ' +
          `from a backup of ${dataDir}; otherwise edit each connection and enter its password again.`,
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
