import type mysql from 'mysql2';
import { lazyPackage } from '../lazy-require';
import type { Driver, DriverConnection, ConnectSpec, QueryOptions, QueryResult } from './types';
import { errorCode, errorMessage } from './types';
import { keyUnlock, tlsOptions } from './tls';
import { originHost } from '../ssh/through';

/** mysql2 is loaded on the first connection (the CLI's start does not need it). */
const loadMysql = lazyPackage<typeof mysql>('mysql2');

/**
 * What SQLAlchemy's MySQL dialects treat as a disconnect: client errors 2006 (gone away), 2013
 * (lost connection), 2014/2045/2055, server 4031 (idle timeout, MySQL 8.0.28+), MariaDB 1927
 * (connection killed), plus mysql2's own codes for a closed socket.
 */
const DISCONNECT_ERRNOS = new Set([2006, 2013, 2014, 2045, 2055, 4031, 1927, 1053]);
const DISCONNECT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_SHUTDOWN',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);
const DISCONNECT_TEXT = ["Can't add new command when connection is in closed state", 'Connection lost', 'has gone away'];

function isDisconnect(err: unknown): boolean {
  const errno = (err as { errno?: unknown } | null)?.errno;
  if (typeof errno === 'number' && DISCONNECT_ERRNOS.has(errno)) return true;
  const code = errorCode(err);
  if (code && DISCONNECT_CODES.has(code)) return true;
  const msg = errorMessage(err);
  return DISCONNECT_TEXT.some((t) => msg.includes(t));
}

/** Statements after which an autocommit connection may be inside a transaction. */
const OPENS_TRANSACTION = /^\s*(begin|start\s+transaction|set\s+(session\s+)?autocommit\s*=\s*(0|off|false)|xa\s+start)\b/i;

class MysqlConnection implements DriverConnection {
  readonly sessionId: string | null;
  private _broken = false;
  private readonly listeners = new Set<(err: Error) => void>();
  /**
   * Autocommit off (a pool connection speaking as aiomysql/asyncmy): every return sends ROLLBACK,
   * as their rollback() does. Otherwise (node's autocommit on) a transaction exists only once a
   * statement opened one, and nothing is sent when none did.
   */
  pythonTransactions = false;
  private maybeInTransaction = false;

  constructor(
    readonly backend: 'mysql' | 'mariadb',
    private readonly conn: mysql.Connection,
  ) {
    this.sessionId = conn.threadId != null ? String(conn.threadId) : null;
    conn.on('error', (err: Error) => {
      this._broken = true;
      for (const l of this.listeners) l(err);
    });
  }

  get broken(): boolean {
    return this._broken;
  }

  // multipleStatements is off for every connection, so the server refuses stacked statements.
  query<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> {
    return new Promise((resolve, reject) => {
      this.queryCallback<R>(sql, params, opts, (err, result) => {
        if (err) reject(err);
        else resolve(result!);
      });
    });
  }

  queryCallback<R>(sql: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined, done: (err: unknown, result?: QueryResult<R>) => void): void {
    if (!this.pythonTransactions && OPENS_TRANSACTION.test(sql)) this.maybeInTransaction = true;
    const finish = (err: mysql.QueryError | null, result: mysql.QueryResult) => {
      if (err) {
        if (isDisconnect(err)) this._broken = true;
        done(err);
      } else if (Array.isArray(result)) done(null, { rows: result as R[], rowCount: result.length });
      else done(null, { rows: [], rowCount: (result as mysql.ResultSetHeader).affectedRows ?? 0 });
    };
    if (opts?.arrays) this.conn.query({ sql, rowsAsArray: true }, params as unknown[] | undefined, finish);
    else this.conn.query(sql, params as unknown[] | undefined, finish);
  }

  /** aiomysql's rollback()/commit() always send the statement. */
  endTransaction(action: 'rollback' | 'commit'): Promise<unknown> | null {
    if (!this.pythonTransactions && !this.maybeInTransaction) return null;
    this.maybeInTransaction = false;
    return this.query(action === 'rollback' ? 'ROLLBACK' : 'COMMIT');
  }

  ping(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.conn.ping((err) => {
        if (err) {
          if (isDisconnect(err)) this._broken = true;
          reject(err);
        } else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this._broken) {
      this.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.destroy();
        resolve();
      }, 2000);
      timer.unref();
      this.conn.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  destroy(): void {
    this._broken = true;
    try {
      this.conn.destroy();
    } catch {
      /* already gone */
    }
  }

  onError(listener: (err: Error) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function mysqlConnectionOptions(spec: ConnectSpec, ssl: mysql.SslOptions | undefined): mysql.ConnectionOptions {
  const p = spec.profile;
  const timeout = spec.connectTimeoutMs ?? Math.round(p.options.connectTimeoutSec * 1000);
  return {
    ...(p.socket ? { socketPath: p.socket } : { host: p.host ?? '127.0.0.1', port: p.port ?? 3306 }),
    user: p.user || undefined,
    password: spec.password,
    database: p.database || undefined,
    charset: p.options.charset ?? 'utf8mb4',
    connectTimeout: timeout,
    connectAttributes: { program_name: spec.applicationName ?? p.options.applicationName ?? 'poolscope' },
    ssl,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    enableKeepAlive: true,
    // mysql2 preallocates an LRU of 16,000 prepared statements per connection (~1 MB each);
    // Poolscope sends text queries only, so a small cache keeps 200 connections at a few MB.
    maxPreparedStatements: 16,
  };
}

function connectOnce(spec: ConnectSpec, ssl: mysql.SslOptions | undefined): Promise<MysqlConnection> {
  return new Promise((resolve, reject) => {
    let conn: mysql.Connection;
    try {
      conn = loadMysql().createConnection(mysqlConnectionOptions(spec, ssl));
    } catch (err) {
      reject(err);
      return;
    }
    // Listen before the handshake finishes: an error then must not go unhandled.
    const early = () => undefined;
    conn.on('error', early);
    conn.connect((err) => {
      if (err) {
        try {
          conn.destroy();
        } catch {
          /* ignore */
        }
        reject(err);
        return;
      }
      const wrapped = new MysqlConnection(spec.profile.backend === 'mariadb' ? 'mariadb' : 'mysql', conn);
      conn.removeListener('error', early);
      resolve(wrapped);
    });
  });
}

/** aiomysql and asyncmy connect with autocommit off (they send SET AUTOCOMMIT = 0), so SQLAlchemy's autobegin applies and a return's ROLLBACK undoes writes. */
async function asPython(spec: ConnectSpec, conn: Promise<MysqlConnection>): Promise<MysqlConnection> {
  const c = await conn;
  if (!spec.pythonTransactions) return c;
  try {
    await c.query('SET autocommit = 0');
    c.pythonTransactions = true;
  } catch (err) {
    c.destroy();
    throw err;
  }
  return c;
}

export const mysqlDriver: Driver = {
  family: 'mysql',
  isDisconnect,
  connect(spec) {
    return asPython(spec, connectTls(spec));
  },
};

async function connectTls(spec: ConnectSpec): Promise<MysqlConnection> {
  {
    const tls = tlsOptions(spec.profile.tls, originHost(spec.profile), keyUnlock(spec));
    if (!tls) return connectOnce(spec, undefined);
    try {
      return await connectOnce(spec, tls as mysql.SslOptions);
    } catch (err) {
      // ssl-mode=PREFERRED: fall back only when the server has no TLS at all.
      if (spec.profile.tls.mode === 'prefer' && /(does not support secure connection|HANDSHAKE_NO_SSL_SUPPORT)/i.test(`${errorCode(err)} ${errorMessage(err)}`)) {
        return connectOnce(spec, undefined);
      }
      throw err;
    }
  }
}
