/** Kinds of pool event on the timeline (SQLAlchemy's pool events plus timeouts and errors). */
export const EVENT_KINDS = [
  'connect',
  'connect-error',
  'checkout',
  'checkin',
  'invalidate',
  'recycle',
  'close',
  'timeout',
  'pre-ping-failed',
  'error',
  'reset',
  'query-error',
] as const;
export type PoolEventKind = (typeof EVENT_KINDS)[number];
const KIND_CODE = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Record<PoolEventKind, number>;

export interface PoolEvent {
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  kind: PoolEventKind;
  /** The pool slot (connection record) it concerns, 0 when none. */
  conn: number;
  /** Details: the driver's real error message, the reason of an invalidation, a timing. */
  detail?: string;
}

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

  push(kind: PoolEventKind, conn: number, detail?: string): void {
    const i = this.seq % this.capacity;
    this.kinds[i] = KIND_CODE[kind];
    this.at[i] = Date.now();
    this.conns[i] = conn;
    this.details[i] = detail;
    this.seq++;
  }

  /** Events after `afterSeq`, oldest first, at most `limit` (the newest ones), and how many were skipped. */
  since(afterSeq: number, limit: number): { events: PoolEvent[]; skipped: number } {
    const oldest = Math.max(afterSeq, this.seq - this.capacity, 0);
    const from = Math.max(oldest, this.seq - limit);
    const events: PoolEvent[] = [];
    for (let s = from; s < this.seq; s++) {
      const i = s % this.capacity;
      const e: PoolEvent = { seq: s + 1, at: this.at[i]!, kind: EVENT_KINDS[this.kinds[i]!]!, conn: this.conns[i]! };
      const d = this.details[i];
      if (d !== undefined) e.detail = d;
      events.push(e);
    }
    return { events, skipped: from - afterSeq };
  }
}
