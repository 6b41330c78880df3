import type { Backend } from '../../shared/backends';
import { familyOf } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { TunnelManager } from '../ssh/manager';
import type { ConnectSpec, Driver, DriverConnection, QueryOptions, QueryResult } from './types';
import { postgresDriver } from './postgres';
import { mysqlDriver } from './mysql';
import { sqliteDriver } from './sqlite';


/**
 * The tunnels the drivers dial through when a profile has SSH settings. Set by the Core that owns
 * them (one per process in practice: the app, serve mode, the CLI); with none set, a profile with
 * SSH settings is refused rather than connected directly.
 */
let tunnels: TunnelManager | null = null;

export function setTunnelManager(m: TunnelManager): () => void {
  tunnels = m;
  return () => {
    if (tunnels === m) tunnels = null;
  };
}

export function tunnelManager(): TunnelManager | null {
  return tunnels;
}

export function driverFor(backend: Backend): Driver {
  return TUNNELLED[familyOf(backend)];
}

/** A connection that holds a lease on its tunnel and gives it back when it ends. */
class TunnelledConnection implements DriverConnection {
  constructor(
    private readonly inner: DriverConnection,
    private readonly release: () => void,
  ) {}
  get backend() {
    return this.inner.backend;
  }
  get sessionId() {
    return this.inner.sessionId;
  }
  get broken() {
    return this.inner.broken;
  }
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> {
    return this.inner.query<R>(sql, params, opts);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  endTransaction(action: 'rollback' | 'commit'): Promise<unknown> | null {
    return this.inner.endTransaction(action);
  }
  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      this.release();
    }
  }
  destroy(): void {
    this.inner.destroy();
    this.release();
  }
  onError(listener: (err: Error) => void): () => void {
    return this.inner.onError(listener);
  }
}

function tunnelled(driver: Driver): Driver {
  return {
    family: driver.family,
    isDisconnect: (err) => driver.isDisconnect(err),
    async connect(spec: ConnectSpec) {
      if (!spec.profile.ssh || driver.family === 'sqlite') return driver.connect(spec);
      if (!tunnels) throw new AppError('UNSUPPORTED', 'This connection goes through SSH, and SSH tunnels are not available here.', 'Use the desktop app, serve mode or the CLI.');
      const timeoutMs = spec.connectTimeoutMs ?? Math.round(spec.profile.options.connectTimeoutSec * 1000);
      const lease = await tunnels.acquire(spec.profile, timeoutMs);
      try {
        const conn = await driver.connect({ ...spec, profile: lease.profile });
        return new TunnelledConnection(conn, lease.release);
      } catch (err) {
        lease.release();
        throw err;
      }
    },
  };
}

const TUNNELLED = { postgresql: tunnelled(postgresDriver), mysql: tunnelled(mysqlDriver), sqlite: sqliteDriver } as const;

export type { Driver, DriverConnection, ConnectSpec, QueryOptions, QueryResult } from './types';
