import { POOL_EVENT_KINDS, type PoolEventDto, type PoolEventKindDto } from '../../shared/pool-types';

const KIND_CODE = Object.fromEntries(POOL_EVENT_KINDS.map((k, i) => [k, i])) as Record<PoolEventKindDto, number>;

/** Column-wise storage for one lane: recording allocates nothing; only rare events carry a string. */
class Lane {
  private readonly kinds: Uint8Array;
  private readonly at: Float64Array;
  private readonly conns: Int32Array;
  private readonly seqs: Float64Array;
  private readonly details: Array<string | undefined>;
  count = 0;

  constructor(readonly capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.at = new Float64Array(capacity);
    this.conns = new Int32Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.details = new Array(capacity);
  }

  /** at: performance.now() of the event; stored as epoch milliseconds. */
  push(seq: number, kind: number, conn: number, detail: string | undefined, at: number): void {
    const i = this.count % this.capacity;
    this.kinds[i] = kind;
    this.at[i] = ORIGIN + at;
    this.conns[i] = conn;
    this.seqs[i] = seq;
    this.details[i] = detail;
    this.count++;
  }

  /** Events with seq > afterSeq, oldest first, at most `limit` (the newest). */
  since(afterSeq: number, limit: number): { events: PoolEventDto[]; skipped: number } {
    const held = Math.min(this.count, this.capacity);
    let first = this.count - held;
    // Find the first held event after afterSeq (seqs increase along the lane).
    while (first < this.count && this.seqs[first % this.capacity]! <= afterSeq) first++;
    const available = this.count - first;
    const from = Math.max(first, this.count - limit);
    const events: PoolEventDto[] = [];
    for (let n = from; n < this.count; n++) {
      const i = n % this.capacity;
      const e: PoolEventDto = { seq: this.seqs[i]!, at: this.at[i]!, kind: POOL_EVENT_KINDS[this.kinds[i]!]!, conn: this.conns[i]! };
      const d = this.details[i];
      if (d !== undefined) e.detail = d;
      events.push(e);
    }
    return { events, skipped: available - events.length };
  }
}

/**
 * Event times are read from the monotonic clock the pool already reads for its timers (one
 * performance.now() per checkout serves the wait, the start of use and the event) and stored as
 * epoch milliseconds; the wall clock (Date.now()) is never read on the checkout path.
 */
const ORIGIN = performance.timeOrigin;

/** Kinds that happen on every checkout or return: they go to the traffic lane. */
export type TrafficKind = 'checkout' | 'checkin' | 'reset';
const TRAFFIC = new Set<PoolEventKindDto>(['checkout', 'checkin', 'reset'] satisfies TrafficKind[]);

/**
 * The pool's event timeline in two bounded lanes with one sequence: checkout/checkin/reset
 * traffic (thousands a second under load) in one, everything else (connects, errors,
 * invalidations, recycles, timeouts) in the other, so traffic can never push the incidents out.
 */
export class EventRing {
  private readonly incidents: Lane;
  private readonly trafficLane: Lane;
  private seq = 0;

  constructor(incidentCapacity = 1000, trafficCapacity = 500) {
    this.incidents = new Lane(incidentCapacity);
    this.trafficLane = new Lane(trafficCapacity);
  }

  /** Sequence number of the newest event (0 when none). */
  get last(): number {
    return this.seq;
  }

  /** Records an event now, in the lane its kind belongs to. */
  push(kind: PoolEventKindDto, conn: number, detail?: string): void {
    this.seq++;
    (TRAFFIC.has(kind) ? this.trafficLane : this.incidents).push(this.seq, KIND_CODE[kind], conn, detail, performance.now());
  }

  /** A traffic event at a time the caller already read (performance.now()): the checkout path's write. */
  traffic(kind: TrafficKind, conn: number, at: number, detail?: string): void {
    this.seq++;
    this.trafficLane.push(this.seq, KIND_CODE[kind], conn, detail, at);
  }

  /**
   * Events after `afterSeq`, in order: every incident still held (up to `limit`), plus the newest
   * traffic events up to `trafficLimit`. `skipped` counts what was left out.
   */
  since(afterSeq: number, limit: number, trafficLimit = Math.min(limit, 100)): { events: PoolEventDto[]; skipped: number } {
    const a = this.incidents.since(afterSeq, limit);
    const b = this.trafficLane.since(afterSeq, trafficLimit);
    const events = a.events.concat(b.events).sort((x, y) => x.seq - y.seq);
    return { events, skipped: a.skipped + b.skipped };
  }
}
