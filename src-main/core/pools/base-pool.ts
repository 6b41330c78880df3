import type { DriverConnection } from '../drivers/types';
import type { Clock } from './clock';
import { PoolClosedError, PoolInvalidRequestError } from './errors';
import { timedNow, type PoolInstrument } from './instrument';
import { PooledConnection } from './pooled-connection';
import { ConnectionRecord, type RecordHost } from './record';
import type { PoolClassName, PoolGaugesDto, PoolSettingsDto } from '../../shared/pool-types';
import type { PoolDeps } from './types';

/** A failed pre-ping: invalidate the connection and every one opened before it (InvalidatePoolError). */
class InvalidatePool extends Error {
  constructor(override readonly cause: unknown) {
    super('pre-ping failed');
  }
}

/**
 * What every pool class shares, following SQLAlchemy's pool/base.py: checkout with recycle and
 * pre-ping, checkin with reset, pool-wide invalidation by timestamp, and tracked connection closes.
 */
export abstract class BasePool implements RecordHost {
  abstract readonly className: PoolClassName;
  invalidateTime = 0;
  protected closed = false;
  /** Every record that may hold a connection, for shutdown. */
  protected readonly records = new Set<ConnectionRecord>();
  private readonly closing = new Set<Promise<void>>();

  constructor(
    readonly options: PoolSettingsDto,
    protected readonly deps: PoolDeps,
  ) {}

  get clock(): Clock {
    return this.deps.clock;
  }
  get instrument(): PoolInstrument {
    return this.deps.instrument;
  }
  get recycle(): number {
    return this.options.recycle;
  }
  get resetOnReturn(): PoolSettingsDto['resetOnReturn'] {
    return this.options.resetOnReturn;
  }
  get isClosed(): boolean {
    return this.closed;
  }
  isDisconnect(err: unknown): boolean {
    return this.deps.isDisconnect(err);
  }
  create(): Promise<DriverConnection> {
    return this.deps.creator();
  }

  abstract status(): string;
  abstract gauges(): PoolGaugesDto;
  /** A record available without waiting or connecting, or null (the synchronous first step of _do_get). */
  protected abstract takeNowait(): ConnectionRecord | null;
  protected abstract doGet(): Promise<ConnectionRecord>;
  protected abstract doReturn(rec: ConnectionRecord): void;
  /** Closes idle connections (SQLAlchemy's dispose()). */
  protected abstract disposeIdle(): void;

  /** _create_connection: a new record, connected now. */
  protected async createRecord(): Promise<ConnectionRecord> {
    const rec = new ConnectionRecord(this);
    await rec.connect();
    this.records.add(rec);
    return rec;
  }

  returnRecord(rec: ConnectionRecord): void {
    if (this.closed) {
      rec.close('dispose');
      this.records.delete(rec);
      return;
    }
    this.doReturn(rec);
  }

  closeConnection(conn: DriverConnection, terminate: boolean): void {
    if (terminate) {
      conn.destroy();
      return;
    }
    const p = conn.close().catch(() => conn.destroy());
    this.closing.add(p);
    void p.finally(() => this.closing.delete(p));
  }

  /** Pool._invalidate: connections started before now are recycled at their next checkout. */
  invalidatePool(rec: ConnectionRecord | null, _err: unknown): void {
    if (!rec || this.invalidateTime < rec.starttime) this.invalidateTime = this.clock.now();
  }

  /**
   * _ConnectionFairy._checkout. The common case (an idle, current connection, no pre-ping) is
   * settled synchronously; everything else takes the full path.
   */
  checkout(): Promise<PooledConnection> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    // Timed or not (the instrument samples); an untimed checkout reads no clock.
    const weight = this.deps.instrument.sampleCheckout();
    const started = timedNow(weight);
    const rec = this.takeNowait();
    if (rec && !this.options.prePing && !rec.needsConnect()) {
      // Settled without waiting, connecting or a round trip: the one clock read serves as the
      // start, the end of the (zero) wait, the start of use and the event's time.
      rec.holders++;
      return Promise.resolve(this.handOut(rec, rec.conn!, started, started, weight));
    }
    return this.checkoutSlow(started, rec, weight);
  }

  /** A fairy for a record ready to use (its holder already counted); reports the checkout. */
  private handOut(rec: ConnectionRecord, conn: DriverConnection, started: number, now: number, weight: number): PooledConnection {
    const fairy = new PooledConnection(this, rec, conn, now, weight);
    this.deps.instrument.checkedOut(rec.id, now - started, now, weight);
    return fairy;
  }

  private checkoutSlow(started: number, taken: ConnectionRecord | null, weight: number): Promise<PooledConnection> {
    if (taken) return this.checkoutRecord(started, taken, weight);
    // Waiting or connecting: hand the record straight on when it needs nothing more, so a
    // queued caller costs as few promise turns as possible.
    return this.doGet().then((rec) => {
      if (!this.options.prePing && !rec.needsConnect()) {
        rec.holders++;
        return this.handOut(rec, rec.conn!, started, timedNow(weight), weight);
      }
      return this.checkoutRecord(started, rec, weight);
    });
  }

  /** _ConnectionRecord.checkout + _ConnectionFairy._checkout for a record that needs work: (re)connect, recycle, pre-ping. */
  private async checkoutRecord(started: number, rec: ConnectionRecord, weight: number): Promise<PooledConnection> {
    let conn: DriverConnection;
    try {
      conn = rec.needsConnect() ? await rec.getConnection() : rec.conn!;
    } catch (err) {
      rec.holders++;
      rec.checkinFailed(err);
      throw err;
    }
    rec.holders++;
    if (this.options.prePing) {
      // Two attempts, as in SQLAlchemy: a failed ping reconnects, and a fresh connection is not pinged.
      for (let attempts = 2; attempts > 0; attempts--) {
        const fresh = rec.fresh;
        rec.fresh = false;
        try {
          if (!fresh) await this.ping(conn);
          return this.handOut(rec, conn, started, timedNow(weight), weight);
        } catch (err) {
          if (!(err instanceof InvalidatePool)) {
            rec.checkinFailed(err);
            throw err;
          }
          this.instrument.prePingFailed(rec.id, err.cause);
          rec.invalidate('pre-ping', err.cause);
          this.invalidatePool(rec, err.cause);
          try {
            conn = await rec.getConnection();
          } catch (connectErr) {
            rec.checkinFailed(connectErr);
            throw connectErr;
          }
        }
      }
      rec.invalidate('manual');
      rec.checkin();
      throw new PoolInvalidRequestError();
    }
    return this.handOut(rec, conn, started, timedNow(weight), weight);
  }

  /** dialect._do_ping_w_event: a disconnect means "invalidate", any other error propagates. */
  private async ping(conn: DriverConnection): Promise<void> {
    try {
      await conn.ping();
    } catch (err) {
      if (this.isDisconnect(err)) throw new InvalidatePool(err);
      throw err;
    }
  }

  /**
   * Closes the pool: idle connections now, checked-out ones when they come back. Resolves when every
   * close has reached the server, so session counts are back to where they were.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.disposeIdle();
    }
    await Promise.allSettled([...this.closing]);
  }

  /** Closes everything at once, checked-out connections included (app quit, pool rebuilt under load). */
  async terminate(): Promise<void> {
    this.closed = true;
    this.disposeIdle();
    for (const rec of this.records) rec.close('terminate');
    this.records.clear();
    await Promise.allSettled([...this.closing]);
  }

  /** Idle records taken out of circulation by holdIdle(), counted as idle by the gauges. */
  protected held = 0;

  /**
   * Takes the connections sitting idle in the pool out of circulation: no checkout can get them
   * until restoreIdle(). What the fault lab uses, so it only ever touches sessions this pool
   * holds idle (never one a caller has checked out, even between two of its queries).
   */
  protected abstract takeIdle(): ConnectionRecord[];

  protected restoreIdle(recs: ConnectionRecord[]): void {
    for (const r of recs) this.returnRecord(r);
  }

  /** Runs fn with this pool's idle connections held back from checkouts; they return to the pool afterwards. */
  async withIdleHeld<T>(fn: (idle: DriverConnection[]) => Promise<T>): Promise<T> {
    const recs = this.takeIdle();
    this.held += recs.length;
    try {
      return await fn(recs.map((r) => r.conn!));
    } finally {
      this.held -= recs.length;
      this.restoreIdle(recs);
    }
  }

  /** Server session ids of connections sitting idle in the pool (a snapshot; the fault lab holds them with withIdleHeld). */
  idleSessionIds(): string[] {
    const ids: string[] = [];
    for (const r of this.records) if (r.conn && r.holders === 0 && r.conn.sessionId) ids.push(r.conn.sessionId);
    return ids;
  }

  /** Runs a statement on every idle connection, each held back from checkouts meanwhile (the fault lab changing session settings). */
  onIdle(sql: string): Promise<number> {
    return this.withIdleHeld(async (conns) => {
      let n = 0;
      for (const c of conns) {
        try {
          await c.query(sql);
          n++;
        } catch {
          // A connection that cannot take the setting is one the pool will find dead anyway.
        }
      }
      return n;
    });
  }

  protected forget(rec: ConnectionRecord): void {
    this.records.delete(rec);
  }
}
