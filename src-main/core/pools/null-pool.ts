import { BasePool } from './base-pool';
import type { ConnectionRecord } from './record';
import type { PoolGaugesDto } from '../../shared/pool-types';

/** NullPool: a new connection per checkout, closed at checkin. Nothing is kept. */
export class NullPool extends BasePool {
  readonly className = 'NullPool' as const;

  status(): string {
    return 'NullPool';
  }

  gauges(): PoolGaugesDto {
    let open = 0;
    for (const r of this.records) if (r.conn) open++;
    return { open, idle: 0, checkedOut: open, overflow: 0, waiting: 0 };
  }

  protected takeIdle(): ConnectionRecord[] {
    return [];
  }

  protected takeNowait(): ConnectionRecord | null {
    return null;
  }

  protected async doGet(): Promise<ConnectionRecord> {
    const rec = await this.createRecord();
    return rec;
  }

  protected doReturn(rec: ConnectionRecord): void {
    rec.close('null-pool');
    this.forget(rec);
  }

  protected disposeIdle(): void {
    // Nothing idle to close.
  }
}
