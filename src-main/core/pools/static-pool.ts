import { BasePool } from './base-pool';
import { ConnectionRecord } from './record';
import type { PoolGaugesDto } from '../../shared/pool-types';

/**
 * StaticPool: exactly one connection, handed to every checkout, concurrently if need be. This is
 * what keeps an in-memory SQLite database alive across sessions. An invalidated connection is
 * replaced by a new record (and, for :memory:, a new empty database).
 */
export class StaticPool extends BasePool {
  readonly className = 'StaticPool' as const;
  private record: ConnectionRecord | null = null;
  private connecting: Promise<ConnectionRecord> | null = null;

  status(): string {
    return 'StaticPool';
  }

  gauges(): PoolGaugesDto {
    const rec = this.record;
    return { open: rec?.conn ? 1 : 0, idle: rec && rec.holders === 0 && rec.conn ? 1 : 0, checkedOut: rec?.holders ?? 0, overflow: 0, waiting: 0 };
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
    // Concurrent first checkouts share one connect: two would mean two in-memory databases.
    if (!this.connecting) {
      const old = this.record;
      if (old) {
        this.forget(old);
        // Nobody holds it: close now. Otherwise it is closed when the last holder returns it.
        if (old.holders === 0) old.close('terminate');
      }
      const fresh = new ConnectionRecord(this);
      this.connecting = fresh
        .connect()
        .then(() => {
          this.record = fresh;
          this.records.add(fresh);
          return fresh;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  protected doReturn(rec: ConnectionRecord): void {
    // The one connection stays where it is; a replaced one is closed once its last holder is done.
    if (rec !== this.record && rec.holders === 0) rec.close('terminate');
  }

  protected disposeIdle(): void {
    if (this.record && this.record.holders === 0) {
      this.record.close('dispose');
      this.forget(this.record);
      this.record = null;
    }
  }
}
