import type { DriverConnection } from '../drivers/types';
import type { CloseReason, InvalidateReason, PoolInstrument } from './instrument';
import type { Clock } from './clock';

/** What a record needs from its pool. */
export interface RecordHost {
  readonly clock: Clock;
  readonly instrument: PoolInstrument;
  /** Seconds; -1 disables recycling. */
  readonly recycle: number;
  /** Connections opened before this time are replaced at their next checkout (ms, clock time). */
  readonly invalidateTime: number;
  create(): Promise<DriverConnection>;
  /** Closes a driver connection, tracked so the pool can wait for every close on shutdown. */
  closeConnection(conn: DriverConnection, terminate: boolean): void;
  returnRecord(rec: ConnectionRecord): void;
}

let nextId = 1;

/**
 * SQLAlchemy's _ConnectionRecord: one slot in the pool that holds at most one driver connection.
 * Invalidating a record closes its connection but keeps the slot; the next checkout of the slot
 * reconnects. Recycling is decided at checkout, never in the background.
 */
export class ConnectionRecord {
  readonly id = nextId++;
  conn: DriverConnection | null = null;
  /** When the current connection was started (set before connecting, as SQLAlchemy does). */
  starttime = 0;
  /** A just-made connection is not pre-pinged. */
  fresh = false;
  /** Checked-out handles on this slot: 0 or 1, except in StaticPool where everyone shares the one connection. */
  holders = 0;
  softInvalidateTime = 0;
  /** SQLAlchemy's fairy_ref: set at checkout, cleared by the first return, which alone fires the checkin event. */
  inUse = false;
  private offError: (() => void) | null = null;

  constructor(private readonly host: RecordHost) {}

  /** The __connect step: start time first, then the connection; its idle errors are listened to at once. */
  async connect(): Promise<void> {
    const started = performance.now();
    this.conn = null;
    this.starttime = this.host.clock.now();
    let conn: DriverConnection;
    try {
      conn = await this.host.create();
    } catch (err) {
      this.host.instrument.connectFailed(err, performance.now() - started);
      throw err;
    }
    this.conn = conn;
    this.fresh = true;
    // An idle session killed by the server reports here; the record only notes it. Like
    // SQLAlchemy, the pool finds out at checkout (pre-ping) or when a query fails.
    // pg's Client emits 'error' twice for one killed session: report each connection's failure once.
    let reported = false;
    this.offError = conn.onError((err) => {
      if (reported) return;
      reported = true;
      this.host.instrument.driverError(this.id, err);
    });
    this.host.instrument.connected(this.id, performance.now() - started, conn.sessionId);
  }

  /** Does checkout need to (re)connect this record? The synchronous part of get_connection(). */
  needsConnect(): boolean {
    if (this.conn === null) return true;
    const { recycle, invalidateTime, clock } = this.host;
    if (recycle > -1 && clock.now() - this.starttime > recycle * 1000) return true;
    if (invalidateTime > this.starttime) return true;
    return this.softInvalidateTime > this.starttime;
  }

  /** get_connection(): reconnect an empty slot; recycle an expired or invalidated connection. */
  async getConnection(): Promise<DriverConnection> {
    if (this.conn === null) {
      await this.connect();
      return this.conn!;
    }
    const { recycle, invalidateTime, clock } = this.host;
    let reason: 'recycle' | 'pool-invalidated' | 'soft-invalidated' | null = null;
    if (recycle > -1 && clock.now() - this.starttime > recycle * 1000) reason = 'recycle';
    else if (invalidateTime > this.starttime) reason = 'pool-invalidated';
    else if (this.softInvalidateTime > this.starttime) reason = 'soft-invalidated';
    if (reason) {
      this.host.instrument.recycled(this.id, reason);
      this.closeConn(true, 'terminate');
      await this.connect();
    }
    return this.conn!;
  }

  /** Hard invalidation closes the connection now; soft invalidation marks it for recycling at next checkout. */
  invalidate(reason: InvalidateReason, err?: unknown, soft = false): void {
    if (this.conn === null) return;
    this.host.instrument.invalidated(this.id, reason, err);
    if (soft) this.softInvalidateTime = this.host.clock.now();
    else this.closeConn(true, 'terminate');
  }

  /** _checkin_failed: invalidate, then hand the (now empty) slot back to the pool. */
  checkinFailed(err: unknown): void {
    this.invalidate('checkout-failed', err);
    this.checkin();
  }

  checkin(): void {
    this.holders = Math.max(0, this.holders - 1);
    this.host.returnRecord(this);
  }

  close(reason: CloseReason): void {
    this.closeConn(false, reason);
  }

  private closeConn(terminate: boolean, reason: CloseReason): void {
    const conn = this.conn;
    if (!conn) return;
    this.offError?.();
    this.offError = null;
    this.conn = null;
    this.host.instrument.closed(this.id, reason);
    this.host.closeConnection(conn, terminate);
  }
}
