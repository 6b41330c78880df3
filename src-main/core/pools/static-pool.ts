import { BasePool } from './base-pool';
import { ConnectionRecord } from './record';
import type { PoolGaugesDto } from '../../shared/pool-types';

/**
 * StaticPool as SQLAlchemy 2.0 has it (pool/impl.py): one connection record, made on first use by
 * a memoized property, handed to every checkout, concurrently if need be. This is what keeps an
 * in-memory SQLite database alive across sessions. Reproduced as it really behaves:
 * - checkouts that arrive while no record exists each make their own (the property is filled only
 *   when a connect finishes), so two concurrent first checkouts open two connections, and two
 *   in-memory databases; the last to finish stays, the other is orphaned;
 * - a hard- or soft-invalidated record is replaced by a new one (and, for :memory:, a new empty
 *   database), not reconnected;
 * - only the first return after a checkout fires the checkin event (the record's fairy_ref).
 * SQLAlchemy leaves orphaned records to the garbage collector; Poolscope closes them when their
 * last holder returns them, shown as a close with reason 'orphan'.
 */
export class StaticPool extends BasePool {
  readonly className = 'StaticPool' as const;
  private record: ConnectionRecord | null = null;

  status(): string {
    return 'StaticPool';
  }

  gauges(): PoolGaugesDto {
    let open = 0;
    for (const r of this.records) if (r.conn) open++;
    const rec = this.record;
    const idle = rec && rec.holders === 0 && rec.conn ? 1 : 0;
    // Orphans still held count as checked out; an orphan with no holder is closed at once.
    return { open, idle, checkedOut: open - idle, overflow: 0, waiting: 0 };
  }

  /**
   * The one connection when nobody holds it. It is shared, so a checkout arriving meanwhile still
   * gets it (StaticPool never waits); the fault lab refuses SQLite, where StaticPool is the default.
   */
  protected takeIdle(): ConnectionRecord[] {
    const rec = this.record;
    return rec && rec.conn && rec.holders === 0 ? [rec] : [];
  }

  protected override restoreIdle(): void {
    // Never left the pool.
  }

  /** _is_hard_or_soft_invalidated(): such a record is replaced, not reconnected. */
  private usable(rec: ConnectionRecord | null): boolean {
    return !!rec && rec.conn !== null && !(this.invalidateTime > rec.starttime) && !(rec.softInvalidateTime > rec.starttime);
  }

  protected takeNowait(): ConnectionRecord | null {
    return this.usable(this.record) ? this.record : null;
  }

  protected doGet(): Promise<ConnectionRecord> {
    if (this.usable(this.record)) return Promise.resolve(this.record!);
    const old = this.record;
    if (old) {
      // del self.__dict__["connection"]: the old record is dropped; closed here once nobody holds it.
      this.record = null;
      if (old.holders === 0) this.dropOrphan(old);
    }
    // memoized_property: every checkout that finds no record makes its own; the last to connect stays.
    const fresh = new ConnectionRecord(this);
    this.records.add(fresh);
    return fresh.connect().then(
      () => {
        // A record made by a concurrent checkout is overwritten here; its caller holds it and
        // returns it later (doReturn closes it then).
        this.record = fresh;
        return fresh;
      },
      (err: unknown) => {
        this.forget(fresh);
        throw err;
      },
    );
  }

  protected doReturn(rec: ConnectionRecord): void {
    // The current record stays where it is; an orphan is closed once its last holder is done.
    if (rec !== this.record && rec.holders === 0) this.dropOrphan(rec);
  }

  private dropOrphan(rec: ConnectionRecord): void {
    rec.close('orphan');
    this.forget(rec);
  }

  protected disposeIdle(): void {
    if (this.record && this.record.holders === 0) {
      this.record.close('dispose');
      this.forget(this.record);
      this.record = null;
    }
  }
}
