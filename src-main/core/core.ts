import type Database from 'better-sqlite3';
import type { Notice } from '../shared/contract/app';
import type { Logger } from './logging/logger';
import type { Settings } from './db/settings';
import type { SecretStore } from './connections/secret-store';
import type { ConnectionStore } from './connections/store';
import { AppStore, type AppStoreOptions } from './app-store';
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
import { profileInputSchema } from '../shared/profile';

export interface CoreOptions extends AppStoreOptions {
  /** The machine imports read from (tests give a fake home and environment). */
  importEnv?: ImportEnv;
  /** Where SSH reads its config and known hosts (tests give their own); default the user's ~/.ssh. */
  ssh?: { env?: ResolveEnv; knownHostsFiles?: string[]; agentSocket?: string; acceptNewHostKeys?: boolean; onHostKeyLearned?: (facts: HostKeyFacts) => void };
  /**
   * The data folder already opened on its own (the CLI reads saved connections before it knows a
   * command needs more); the core builds on it and closes it. Opened from these options otherwise.
   */
  store?: AppStore;
}

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
  readonly notices: Notice[];
  readonly store: AppStore;
  private readonly closers: Array<() => Promise<void> | void> = [];
  private closed = false;

  constructor(readonly options: CoreOptions) {
    const store = options.store ?? new AppStore({ ...options, profileSchema: profileInputSchema });
    if (store.options.dataDir !== options.dataDir) throw new Error(`The store given to the core is for ${store.options.dataDir}, not ${options.dataDir}.`);
    // A store opened for reading (AppStore.open) may not have loaded the schema; writing through the core needs it.
    store.useProfileSchema(profileInputSchema);
    this.store = store;
    this.logger = store.logger;
    this.db = store.db;
    this.settings = store.settings;
    this.secrets = store.secrets;
    this.connections = store.connections;
    this.notices = store.notices;
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

    this.logger.info('core started', { mode: options.mode, version: this.version, secretStorage: store.secretScheme });
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
    this.store.close();
    this.logger.info('core stopped');
  }
}
