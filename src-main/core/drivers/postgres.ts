import type pg from 'pg';
import { lazyPackage } from '../lazy-require';
import { basename, dirname } from 'node:path';
import type { Driver, DriverConnection, ConnectSpec, QueryOptions, QueryResult } from './types';
import { errorCode, errorMessage } from './types';
import { keyUnlock, tlsOptions } from './tls';
import { NO_AUTOBEGIN, WireState, type WireSettings } from './wire';
import { originHost } from '../ssh/through';

/** pg is loaded on the first connection (the CLI's start does not need it). */
const loadPg = lazyPackage<typeof pg>('pg');

/**
 * SQLSTATEs and driver messages that mean the session is gone, mirroring what SQLAlchemy's
 * PostgreSQL dialects treat as disconnects (admin shutdown, connection exceptions).
 */
const DISCONNECT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '25P03', '08000', '08003', '08006', '08001', '08004', '08007']);
const DISCONNECT_NODE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTCONN', 'ECONNABORTED']);
const DISCONNECT_TEXT = [
  'Connection terminated',
  'not queryable',
  'Client was closed',
  'Connection closed',
  'terminating connection',
  'server closed the connection',
];

function isDisconnect(err: unknown): boolean {
  const code = errorCode(err);
  if (code && (DISCONNECT_SQLSTATES.has(code) || DISCONNECT_NODE_CODES.has(code))) return true;
  const msg = errorMessage(err);
  return DISCONNECT_TEXT.some((t) => msg.includes(t));
}

/** A unix socket may be given as the directory (libpq style) or as the full `.s.PGSQL.<port>` path. */
export function pgSocketTarget(socket: string, port?: number): { host: string; port: number | undefined } {
  const m = /^\.s\.PGSQL\.(\d+)$/.exec(basename(socket));
  if (m) return { host: dirname(socket), port: Number(m[1]) };
  return { host: socket, port };
}

class PgConnection implements DriverConnection {
  readonly backend = 'postgresql' as const;
  readonly sessionId: string | null;
  private _broken = false;
  private readonly listeners = new Set<(err: Error) => void>();

  /** The Python driver's wire behaviour, for pool connections (null: node-postgres' own, unnamed statements). */
  private readonly wire: WireState | null;

  constructor(
    private readonly client: pg.Client,
    wire?: WireSettings,
  ) {
    this.wire = wire ? new WireState(wire) : null;
    // The backend key from the startup handshake (not in @types/pg). Behind PgBouncer it is the
    // pooler's key, not the server's pid: the PgBouncer detection relies on exactly that.
    const pid = (client as unknown as { processID?: number | null }).processID;
    this.sessionId = pid != null ? String(pid) : null;
    client.on('error', (err) => {
      this._broken = true;
      for (const l of this.listeners) l(err);
    });
  }

  get broken(): boolean {
    return this._broken;
  }

  private get txStatus(): string | null {
    return (this.client as unknown as { _txStatus?: string | null })._txStatus ?? null;
  }

  async query<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> {
    if (this.wire && this.wire.settings.driver !== 'plain') return this.wireQuery<R>(this.wire, sql, params, opts?.arrays);
    try {
      const res = opts?.untrusted
        ? await this.client.query({ text: sql, values: (params ?? []) as unknown[], queryMode: 'extended', ...(opts.arrays ? { rowMode: 'array' } : {}) } as pg.QueryConfig)
        : opts?.arrays
          ? await this.client.query({ text: sql, values: params as unknown[] | undefined, rowMode: 'array' } as pg.QueryArrayConfig)
          : await this.client.query(sql, params as unknown[] | undefined);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
    } catch (err) {
      if (isDisconnect(err)) this._broken = true;
      throw err;
    }
  }

  /** A statement as the Python driver sends it: autobegin, then a named or unnamed extended-protocol statement (wire.ts). */
  private async wireQuery<R>(wire: WireState, sql: string, params?: readonly unknown[], arrays?: boolean): Promise<QueryResult<R>> {
    try {
      const control = NO_AUTOBEGIN.test(sql);
      if (!control && this.txStatus === 'I') await this.client.query('BEGIN');
      const name = control ? undefined : wire.nameFor(sql);
      const config = { text: sql, values: (params ?? []) as unknown[], queryMode: 'extended', ...(name ? { name } : {}), ...(arrays ? { rowMode: 'array' } : {}) };
      const res = await this.client.query(config as pg.QueryConfig);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
    } catch (err) {
      if (isDisconnect(err)) this._broken = true;
      throw err;
    }
  }

  async ping(): Promise<void> {
    const wire = this.wire;
    if (wire?.settings.driver === 'asyncpg') {
      // SQLAlchemy's asyncpg ping: its own transaction around fetchrow(";") (asyncpg's statement cache names it).
      try {
        const own = this.txStatus === 'I';
        if (own) await this.client.query('BEGIN');
        const name = wire.pingName();
        await this.client.query({ text: ';', values: [], queryMode: 'extended', ...(name ? { name } : {}) } as pg.QueryConfig);
        if (own) await this.client.query('ROLLBACK');
      } catch (err) {
        if (isDisconnect(err)) this._broken = true;
        throw err;
      }
      return;
    }
    await this.query('SELECT 1');
  }

  /** The transaction status of the last ReadyForQuery ('I' idle, 'T' in a transaction, 'E' failed one). */
  endTransaction(action: 'rollback' | 'commit'): Promise<unknown> | null {
    const status = (this.client as unknown as { _txStatus?: string | null })._txStatus;
    if (status === 'I') return null;
    const end = this.query(action === 'rollback' ? 'ROLLBACK' : 'COMMIT');
    const wire = this.wire;
    if (action === 'rollback' && wire?.settings.driver === 'psycopg') return end.then(() => (wire.clearOnRollback() ? this.query('DEALLOCATE ALL') : undefined));
    return end;
  }

  async close(): Promise<void> {
    if (this._broken) return this.destroy();
    await Promise.race([
      this.client.end().catch(() => this.destroy()),
      new Promise<void>((resolve) => setTimeout(() => (this.destroy(), resolve()), 2000).unref()),
    ]);
  }

  destroy(): void {
    this._broken = true;
    const stream = (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
    try {
      stream?.destroy();
    } catch {
      /* already gone */
    }
    this.client.end().catch(() => undefined);
  }

  onError(listener: (err: Error) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function pgClientConfig(spec: ConnectSpec, ssl: pg.ClientConfig['ssl']): pg.ClientConfig {
  const p = spec.profile;
  const timeout = spec.connectTimeoutMs ?? Math.round(p.options.connectTimeoutSec * 1000);
  const where = p.socket ? pgSocketTarget(p.socket, p.port) : { host: p.host ?? '127.0.0.1', port: p.port ?? 5432 };
  return {
    host: where.host,
    port: where.port ?? 5432,
    user: p.user || undefined,
    password: spec.password,
    database: p.database || undefined,
    application_name: spec.applicationName ?? p.options.applicationName ?? 'poolscope',
    connectionTimeoutMillis: timeout,
    keepAlive: true,
    ssl,
  };
}

async function connectOnce(spec: ConnectSpec, ssl: pg.ClientConfig['ssl']): Promise<PgConnection> {
  const client = new (loadPg().Client)(pgClientConfig(spec, ssl));
  // Listen before connecting: an error emitted during the handshake must not go unhandled.
  const early = (_err: Error) => undefined;
  client.on('error', early);
  try {
    await client.connect();
  } catch (err) {
    client.end().catch(() => undefined);
    throw err;
  }
  const conn = new PgConnection(client, spec.wire);
  client.removeListener('error', early);
  return conn;
}

export const postgresDriver: Driver = {
  family: 'postgresql',
  isDisconnect,
  async connect(spec) {
    const tls = tlsOptions(spec.profile.tls, originHost(spec.profile), keyUnlock(spec));
    if (!tls) return connectOnce(spec, false);
    try {
      return await connectOnce(spec, tls);
    } catch (err) {
      // sslmode=prefer: fall back to plain text only when the server said it has no TLS.
      if (spec.profile.tls.mode === 'prefer' && /does not support SSL/i.test(errorMessage(err))) return connectOnce(spec, false);
      throw err;
    }
  },
};
