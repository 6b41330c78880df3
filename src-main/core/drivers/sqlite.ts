import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { isMemorySqliteProfile } from '../../shared/backends';
import type { Driver, DriverConnection, QueryOptions, QueryResult } from './types';

/**
 * better-sqlite3 is synchronous and in-process: a "connection" is an open database handle.
 * Like every SQLite driver, each new connection to `:memory:` is a new, empty database:
 * that is the story the fault lab tells about QueuePool versus StaticPool.
 */
/** pysqlite (Python 3.6+, isolation_level ""): the statements before which it sends BEGIN itself. */
const PYSQLITE_BEGINS = /^\s*(insert|update|delete|replace)\b/i;
/** Shared by every call without parameters (nothing writes to it). */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

class SqliteConnection implements DriverConnection {
  readonly backend = 'sqlite' as const;
  readonly sessionId: string | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private _broken = false;
  /**
   * False while only statements that return rows have run since SQLite was last seen outside a
   * transaction: those cannot leave one open (BEGIN, SAVEPOINT and writes return no rows, and the
   * pysqlite-style BEGIN is sent the same way), so a return after them asks SQLite nothing.
   */
  private maybeInTransaction = false;

  constructor(
    readonly db: Database.Database,
    private readonly pythonTransactions = false,
  ) {}

  get broken(): boolean {
    return this._broken || !this.db.open;
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async query<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> {
    return this.querySync<R>(sql, params, opts);
  }

  querySync<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions): QueryResult<R> {
    const stmt = this.statement(sql);
    if (opts?.untrusted && !stmt.readonly) {
      throw new AppError('FORBIDDEN', 'The load lab only runs statements that do not write, and this one writes.', 'Use a SELECT (or another read-only statement).');
    }
    const args = (params ?? NO_ARGS) as unknown[];
    if (this.pythonTransactions && !this.db.inTransaction && PYSQLITE_BEGINS.test(sql)) {
      this.maybeInTransaction = true;
      this.statement('BEGIN').run();
    }
    if (stmt.reader) {
      if (!opts?.arrays) {
        const rows = (args.length ? stmt.all(...args) : stmt.all()) as R[];
        return { rows, rowCount: rows.length };
      }
      // The statement is cached: raw mode is switched back for the next caller.
      try {
        const rows = stmt.raw(true).all(...args) as R[];
        return { rows, rowCount: rows.length };
      } finally {
        stmt.raw(false);
      }
    }
    this.maybeInTransaction = true;
    const info = stmt.run(...args);
    return { rows: [], rowCount: info.changes };
  }

  async ping(): Promise<void> {
    if (!this.db.open) throw new Error('The database connection is not open');
    this.statement('SELECT 1').get();
  }

  /** pysqlite's rollback()/commit(): nothing is sent unless SQLite is inside a transaction. */
  endTransaction(action: 'rollback' | 'commit'): Promise<unknown> | null {
    if (!this.maybeInTransaction) return null;
    // inTransaction is false on a closed database too.
    if (!this.db.inTransaction) {
      this.maybeInTransaction = false;
      return null;
    }
    return this.query(action === 'rollback' ? 'ROLLBACK' : 'COMMIT');
  }

  async close(): Promise<void> {
    this.destroy();
  }

  destroy(): void {
    this._broken = true;
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  onError(): () => void {
    // In-process: there is no asynchronous error channel to listen to.
    return () => undefined;
  }
}

export const sqliteDriver: Driver = {
  family: 'sqlite',
  isDisconnect: (err) => /database connection is not open/i.test(err instanceof Error ? err.message : String(err)),
  async connect(spec) {
    const path = spec.profile.database;
    // A URI memory database (mode=memory) opens in memory too: better-sqlite3 does not read URI file names.
    const memory = isMemorySqliteProfile(spec.profile);
    if (!memory && !existsSync(path)) {
      throw new AppError(
        'CONNECTION_FAILED',
        `The SQLite file ${path} does not exist.`,
        'Check the path; Poolscope never creates a database file by connecting to it.',
        { kind: 'file-missing' },
      );
    }
    const db = new Database(memory ? ':memory:' : path, {
      fileMustExist: !memory,
      timeout: 5000,
      ...(spec.nativeBinding ? { nativeBinding: spec.nativeBinding } : {}),
    });
    return new SqliteConnection(db, spec.pythonTransactions === true);
  },
};
