import { AsyncQueue, QueueEmpty, QueueFull } from './async-queue';
import { BasePool } from './base-pool';
import { PoolTimeoutError } from './errors';
import type { ConnectionRecord } from './record';
import type { PoolGaugesDto, PoolSettingsDto } from '../../shared/pool-types';
import type { PoolDeps } from './types';

/**
 * SQLAlchemy 2.0's QueuePool as AsyncAdaptedQueuePool runs it (pool/impl.py), step for step:
 * overflow starts at -pool_size; pool_size 0 means no limit (max_overflow is then ignored);
 * max_overflow -1 means no overflow limit; a connection returned to a full queue is an overflow
 * connection and is closed; waiting happens only when overflow is exhausted, bounded by timeout.
 */
export class QueuePool extends BasePool {
  readonly className = 'AsyncAdaptedQueuePool' as const;
  private readonly queue: AsyncQueue<ConnectionRecord>;
  private overflowCount: number;
  private readonly maxOverflow: number;
  /**
   * pool_timeout <= 0: asyncio.wait_for(queue.get(), 0) cancels the get before it runs (Python 3.11,
   * the pinned interpreter), so once overflow is used up every checkout times out, idle
   * connections in the queue or not.
   */
  private readonly zeroTimeout: boolean;

  constructor(options: PoolSettingsDto, deps: PoolDeps) {
    super(options, deps);
    this.queue = new AsyncQueue(options.poolSize, options.useLifo, deps.clock);
    this.overflowCount = 0 - options.poolSize;
    this.maxOverflow = options.poolSize === 0 ? -1 : options.maxOverflow;
    this.zeroTimeout = options.timeout <= 0;
  }

  size(): number {
    return this.queue.maxsize;
  }
  checkedin(): number {
    return this.queue.qsize();
  }
  overflow(): number {
    return this.queue.maxsize ? this.overflowCount : 0;
  }
  checkedout(): number {
    return this.queue.maxsize - this.queue.qsize() + this.overflowCount;
  }

  status(): string {
    return `Pool size: ${this.size()}  Connections in pool: ${this.checkedin()} Current Overflow: ${this.overflow()} Current Checked out connections: ${this.checkedout()}`;
  }

  /**
   * Connections, counted so they add up at every instant: open = idle + checked out. SQLAlchemy's
   * own counters (status()) count slots, and a slot can be empty (invalidated, or still
   * connecting), which is how "checked out 6" with 5 open came about.
   */
  gauges(): PoolGaugesDto {
    let open = 0;
    for (const r of this.records) if (r.conn) open++;
    const idle = this.queue.count((r) => r.conn !== null) + this.held;
    const size = this.size();
    return { open, idle, checkedOut: open - idle, overflow: size ? Math.max(0, open - size) : 0, waiting: this.queue.waiting() };
  }

  protected takeIdle(): ConnectionRecord[] {
    const all = this.queue.drain();
    const live: ConnectionRecord[] = [];
    for (const r of all) {
      if (r.conn) live.push(r);
      else this.queue.putNowait(r);
    }
    return live;
  }

  protected takeNowait(): ConnectionRecord | null {
    if (this.zeroTimeout && this.maxOverflow > -1 && this.overflowCount >= this.maxOverflow) return null;
    return this.queue.empty() ? null : this.queue.getNowait();
  }

  protected doGet(): Promise<ConnectionRecord> {
    const useOverflow = this.maxOverflow > -1;
    const wait = useOverflow && this.overflowCount >= this.maxOverflow;
    if (wait && this.zeroTimeout) return this.afterEmpty(0);
    if (!this.queue.empty()) return Promise.resolve(this.queue.getNowait());
    if (wait) {
      return this.queue.get(this.options.timeout).then(undefined, (err: unknown) => {
        if (!(err instanceof QueueEmpty)) throw err;
        return this.afterEmpty(err.waitedMs);
      });
    }
    return this.afterEmpty(null);
  }

  /**
   * The rest of _do_get once the queue had nothing: time out, retry, or open an overflow
   * connection. waitedMs: how long the queue was waited on (null: it was not).
   */
  private async afterEmpty(waitedMs: number | null): Promise<ConnectionRecord> {
    const useOverflow = this.maxOverflow > -1;
    if (useOverflow && this.overflowCount >= this.maxOverflow) {
      if (waitedMs === null) return this.doGet();
      const error = new PoolTimeoutError(this.size(), this.overflow(), this.options.timeout);
      this.instrument.timedOut(waitedMs, error.message);
      throw error;
    }
    if (this.incOverflow()) {
      try {
        return await this.createRecord();
      } catch (err) {
        this.decOverflow();
        throw err;
      }
    }
    return this.doGet();
  }

  protected doReturn(rec: ConnectionRecord): void {
    try {
      this.queue.putNowait(rec);
    } catch (err) {
      if (!(err instanceof QueueFull)) throw err;
      try {
        rec.close('overflow');
        this.forget(rec);
      } finally {
        this.decOverflow();
      }
    }
  }

  protected disposeIdle(): void {
    for (const rec of this.queue.drain()) {
      rec.close('dispose');
      this.forget(rec);
    }
    this.overflowCount = 0 - this.size();
  }

  private incOverflow(): boolean {
    if (this.maxOverflow === -1) {
      this.overflowCount++;
      return true;
    }
    if (this.overflowCount < this.maxOverflow) {
      this.overflowCount++;
      return true;
    }
    return false;
  }

  private decOverflow(): void {
    this.overflowCount--;
  }
}
