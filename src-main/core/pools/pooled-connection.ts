import type { DriverConnection, QueryOptions, QueryResult } from '../drivers/types';
import type { ConnectionRecord } from './record';
import { DisconnectError } from './errors';
import { timedNow } from './instrument';
import type { BasePool } from './base-pool';

/**
 * A checked-out connection (SQLAlchemy's _ConnectionFairy). Queries run through it; a query that
 * fails because the session is gone invalidates this connection and every older one in the pool
 * (what SQLAlchemy's Connection does on a disconnect error), and checks the slot back in at once.
 * release() resets (rollback by default) an open transaction and returns the connection.
 */
export class PooledConnection {
  private conn: DriverConnection | null;
  /** Set once the slot went back to the pool (release or invalidation). */
  private returned = false;
  private inTransaction = false;

  constructor(
    private readonly pool: BasePool,
    readonly record: ConnectionRecord,
    conn: DriverConnection,
    /** performance.now() at checkout (NaN when this checkout is not timed). */
    private readonly checkedOutAt: number,
    /** The instrument's weight for this checkout; 0: untimed, no clock is read for it. */
    private readonly weight: number,
  ) {
    this.conn = conn;
    record.inUse = true;
  }

  get sessionId(): string | null {
    return this.conn?.sessionId ?? null;
  }

  /** False once invalidated or released. */
  get valid(): boolean {
    return this.conn !== null && !this.returned;
  }

  get recordId(): number {
    return this.record.id;
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> {
    const conn = this.conn;
    if (!conn || this.returned) return Promise.reject(new Error('This connection was released or invalidated; check out another one.'));
    const instrument = this.pool.instrument;
    const weight = this.weight;
    const started = timedNow(weight);
    if (conn.querySync) {
      // In process: the answer is here now; one settled promise carries it.
      try {
        const result = conn.querySync<R>(sql, params, opts);
        instrument.queried(weight > 0 ? performance.now() - started : NaN, false, weight);
        return Promise.resolve(result);
      } catch (err) {
        return Promise.reject(this.failed(err, started));
      }
    }
    if (conn.queryCallback) {
      return new Promise<QueryResult<R>>((resolve, reject) => {
        try {
          conn.queryCallback!<R>(sql, params, opts, (err, result) => {
            if (err) reject(this.failed(err, started));
            else {
              instrument.queried(weight > 0 ? performance.now() - started : NaN, false, weight);
              resolve(result!);
            }
          });
        } catch (err) {
          reject(this.failed(err, started));
        }
      });
    }
    return conn.query<R>(sql, params, opts).then(
      (result) => {
        instrument.queried(weight > 0 ? performance.now() - started : NaN, false, weight);
        return result;
      },
      (err: unknown) => {
        throw this.failed(err, started);
      },
    );
  }

  /** A query failed: timed and counted; a disconnect invalidates this connection and every older one. Returns what to raise. */
  private failed(err: unknown, started: number): unknown {
    const weight = this.weight;
    this.pool.instrument.queried(weight > 0 ? performance.now() - started : NaN, true, weight);
    if (this.pool.isDisconnect(err)) {
      this.pool.invalidatePool(this.record, err);
      this.invalidate(err);
      return new DisconnectError(err);
    }
    return err;
  }

  async begin(): Promise<void> {
    await this.query('BEGIN');
    this.inTransaction = true;
  }

  /** The dbapi commit() SQLAlchemy's Connection.commit() calls: the driver sends COMMIT when it has a transaction to end. */
  async commit(): Promise<void> {
    const conn = this.conn;
    if (!conn || this.returned) throw new Error('This connection was released or invalidated; check out another one.');
    const pending = conn.endTransaction('commit');
    if (pending) {
      try {
        await pending;
      } catch (err) {
        if (this.pool.isDisconnect(err)) {
          this.pool.invalidatePool(this.record, err);
          this.invalidate(err);
          throw new DisconnectError(err);
        }
        throw err;
      }
    }
    this.inTransaction = false;
  }

  async rollback(): Promise<void> {
    await this.query('ROLLBACK');
    this.inTransaction = false;
  }

  /** Marks a transaction as open when the caller started one with its own SQL (BEGIN READ ONLY …). */
  markTransaction(open: boolean): void {
    this.inTransaction = open;
  }

  /** Invalidates this connection: closed now, the slot goes back to the pool and reconnects on its next checkout. */
  invalidate(err?: unknown): void {
    if (this.conn === null) return;
    this.record.invalidate(err === undefined ? 'manual' : 'disconnect', err);
    this.conn = null;
    this.checkinRecord();
  }

  /**
   * Returns the connection (SQLAlchemy's _finalize_fairy): reset an open transaction per
   * reset_on_return; a reset that fails invalidates the connection, and the slot is returned anyway.
   * Synchronous when there is nothing to reset.
   */
  release(): Promise<void> {
    if (this.returned) return Promise.resolve();
    const action = this.pool.resetOnReturn;
    const now = timedNow(this.weight);
    if (this.conn === null || action === 'none') {
      this.checkinRecord(now);
      return Promise.resolve();
    }
    // Every return is reset, whatever Poolscope knows of the transaction (a BEGIN sent as plain
    // SQL counts too); the driver decides what goes on the wire, as the Python driver does.
    this.pool.instrument.reset(this.record.id, action, now, this.weight);
    let pending: Promise<unknown> | null;
    try {
      pending = this.conn.endTransaction(action);
    } catch (err) {
      pending = Promise.reject(err);
    }
    if (pending === null) {
      this.inTransaction = false;
      this.checkinRecord(now);
      return Promise.resolve();
    }
    return this.finishReset(pending);
  }

  /**
   * The engine's Connection.close() (engine/base.py), as a service's AsyncConnection/AsyncSession
   * ends a request: the connection's own (autobegun) transaction is rolled back first; a rollback
   * that fails with a disconnect invalidates this connection and every older one in the pool
   * (_handle_dbapi_exception: pool._invalidate) and raises to the caller. Then the pool's checkin,
   * told the transaction was reset: reset_on_return='rollback' sends nothing more, 'commit' still
   * commits (what is left of) it, as _ConnectionFairy._reset does.
   */
  close(): Promise<void> {
    if (this.returned) return Promise.resolve();
    const conn = this.conn;
    if (conn === null) {
      this.checkinRecord();
      return Promise.resolve();
    }
    let pending: Promise<unknown> | null;
    try {
      pending = conn.endTransaction('rollback');
    } catch (err) {
      pending = Promise.reject(err);
    }
    if (pending === null) return this.checkinReset();
    return pending.then(
      () => this.checkinReset(),
      (err: unknown) => {
        if (this.pool.isDisconnect(err)) {
          this.pool.invalidatePool(this.record, err);
          this.invalidate(err);
          throw new DisconnectError(err);
        }
        // Any other failure: SQLAlchemy raises too; the connection cannot be trusted, so it goes.
        this.invalidate(err);
        throw err;
      },
    );
  }

  /** _close_special(transaction_reset=True): the pool's reset knowing the engine already rolled back. */
  private checkinReset(): Promise<void> {
    this.inTransaction = false;
    const action = this.pool.resetOnReturn;
    const now = timedNow(this.weight);
    if (action === 'none' || this.conn === null) {
      this.checkinRecord(now);
      return Promise.resolve();
    }
    this.pool.instrument.reset(this.record.id, action, now, this.weight);
    if (action === 'rollback') {
      this.checkinRecord(now);
      return Promise.resolve();
    }
    let pending: Promise<unknown> | null;
    try {
      pending = this.conn.endTransaction('commit');
    } catch (err) {
      pending = Promise.reject(err);
    }
    if (pending === null) {
      this.checkinRecord();
      return Promise.resolve();
    }
    return this.finishReset(pending);
  }

  private async finishReset(pending: Promise<unknown>): Promise<void> {
    try {
      await pending;
      this.inTransaction = false;
    } catch (err) {
      this.record.invalidate('reset-failed', err);
      this.conn = null;
    }
    this.checkinRecord();
  }

  /** now: performance.now() if the caller already read it (NaN for an untimed checkout). */
  private checkinRecord(now?: number): void {
    if (this.returned) return;
    this.returned = true;
    // Only the first return after the latest checkout fires the event (several holders share a StaticPool record).
    if (this.record.inUse) {
      this.record.inUse = false;
      const at = now ?? timedNow(this.weight);
      this.pool.instrument.checkedIn(this.record.id, at - this.checkedOutAt, at, this.weight);
    }
    this.record.checkin();
  }
}
