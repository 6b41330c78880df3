import { POOL_EVENT_KINDS, type PoolEventDto, type PoolEventKindDto } from '../../shared/pool-types';

const KIND_CODE = Object.fromEntries(POOL_EVENT_KINDS.map((k, i) => [k, i])) as Record<PoolEventKindDto, number>;

/**
 * A bounded ring of events stored column-wise: recording a checkout allocates nothing. Only
 * rare events (errors, invalidations) carry a string.
 */
export class EventRing {
  private readonly kinds: Uint8Array;
  private readonly at: Float64Array;
  private readonly conns: Int32Array;
  private readonly details: Array<string | undefined>;
  private seq = 0;

  constructor(readonly capacity = 1000) {
    this.kinds = new Uint8Array(capacity);
    this.at = new Float64Array(capacity);
    this.conns = new Int32Array(capacity);
    this.details = new Array(capacity);
  }

  /** Sequence number of the newest event (0 when none). */
  get last(): number {
    return this.seq;
  }

  push(kind: PoolEventKindDto, conn: number, detail?: string): void {
    const i = this.seq % this.capacity;
    this.kinds[i] = KIND_CODE[kind];
    this.at[i] = Date.now();
    this.conns[i] = conn;
    this.details[i] = detail;
    this.seq++;
  }

  /** Events after `afterSeq`, oldest first, at most `limit` (the newest ones), and how many were skipped. */
  since(afterSeq: number, limit: number): { events: PoolEventDto[]; skipped: number } {
    const oldest = Math.max(afterSeq, this.seq - this.capacity, 0);
    const from = Math.max(oldest, this.seq - limit);
    const events: PoolEventDto[] = [];
    for (let s = from; s < this.seq; s++) {
      const i = s % this.capacity;
      const e: PoolEventDto = { seq: s + 1, at: this.at[i]!, kind: POOL_EVENT_KINDS[this.kinds[i]!]!, conn: this.conns[i]! };
      const d = this.details[i];
      if (d !== undefined) e.detail = d;
      events.push(e);
    }
    return { events, skipped: from - afterSeq };
  }
}
