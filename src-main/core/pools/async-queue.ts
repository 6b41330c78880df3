import type { Clock } from './clock';

export class QueueEmpty extends Error {
  /** waitedMs: how long a get() waited before giving up (clock ms; 0 for get_nowait). */
  constructor(readonly waitedMs = 0) {
    super('queue empty');
    this.name = 'QueueEmpty';
  }
}

export class QueueFull extends Error {
  constructor() {
    super('queue full');
    this.name = 'QueueFull';
  }
}

const SETTLED = Promise.resolve();

/**
 * A FIFO line on a growable ring buffer: push and shift are O(1) without moving the others. Under
 * contention every hand-off shifts one waiter off the front and a barged-in one goes to the back.
 */
class Line<T> {
  private buf: Array<T | undefined> = new Array(16);
  private head = 0;
  length = 0;

  push(x: T): void {
    if (this.length === this.buf.length) {
      const grown: Array<T | undefined> = new Array(this.buf.length * 2);
      for (let i = 0; i < this.length; i++) grown[i] = this.buf[(this.head + i) % this.buf.length];
      this.buf = grown;
      this.head = 0;
    }
    this.buf[(this.head + this.length) % this.buf.length] = x;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.buf.length;
    this.length--;
    return x;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.length; i++) yield this.buf[(this.head + i) % this.buf.length]!;
  }

  /** Keeps only the entries that pass, in order. */
  retain(keep: (x: T) => boolean): void {
    const kept = [...this].filter(keep);
    this.buf = new Array(Math.max(16, this.buf.length));
    this.head = 0;
    this.length = 0;
    for (const x of kept) this.push(x);
  }
}

/**
 * One caller of get() waiting for an item. It may wait several times: woken by a put, it can find
 * the item already taken (someone barged in) and then waits again at the back of the line. A class
 * rather than closures: a wait is on the checkout path of every contended pool.
 */
class Waiter<T> {
  /** Woken by a put and not yet resumed. */
  woken = false;
  /** Gave up (timed out); a put skips it. */
  gone = false;
  /** Settled, one way or the other. */
  finished = false;
  /** When the wait started and when it runs out (clock ms; Infinity: no deadline). */
  startedAt = 0;
  deadline = Infinity;

  constructor(
    private readonly queue: AsyncQueue<T>,
    private readonly resolve: (item: T) => void,
    private readonly reject: (err: unknown) => void,
  ) {}

  /**
   * Resume on a later microtask, like an asyncio future's callback: someone may barge in first.
   * A reaction on a settled promise is the same microtask queue as queueMicrotask(), without the
   * AsyncResource and bound function Node's queueMicrotask() allocates per call.
   */
  wake(): void {
    this.woken = true;
    if (!this.finished) SETTLED.then(() => this.resume());
  }

  private resume(): void {
    if (this.finished) return;
    if (this.queue.empty()) {
      this.woken = false;
      this.queue.requeue(this);
      return;
    }
    this.finished = true;
    if (this.deadline !== Infinity) this.queue.deadlineDone();
    this.resolve(this.queue.getNowait());
  }

  /** The whole wait ran out: asyncio.wait_for's TimeoutError, QueueEmpty here. */
  expire(now: number): void {
    if (this.finished) return;
    this.finished = true;
    this.gone = true;
    this.queue.deadlineDone();
    this.queue.abandoned(this);
    this.reject(new QueueEmpty(now - this.startedAt));
  }
}

/**
 * The queue under AsyncAdaptedQueuePool: asyncio.Queue (or LifoQueue) semantics, reproduced.
 * maxsize 0 means unbounded. A put wakes the longest waiter, which re-checks on resuming; a caller
 * arriving in between may take the item first and the woken waiter waits again at the back,
 * exactly as asyncio.Queue.get() loops.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly getters = new Line<Waiter<T>>();
  /**
   * Waiters with a deadline, in arrival order, and one clock timer for the earliest deadline
   * among them: a contended pool pays a clock read per wait, not a timer set and cleared. The
   * timer is dropped as soon as no waiter with a deadline is left, so an idle pool holds none.
   */
  private timed: Array<Waiter<T>> = [];
  private liveDeadlines = 0;
  private armedAt = Infinity;
  private disarm: (() => void) | null = null;

  constructor(
    readonly maxsize: number,
    readonly useLifo: boolean,
    private readonly clock: Clock,
  ) {}

  qsize(): number {
    return this.items.length;
  }

  empty(): boolean {
    return this.items.length === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  /** Callers currently waiting for an item. */
  waiting(): number {
    let n = 0;
    for (const g of this.getters) if (!g.gone && !g.woken) n++;
    return n;
  }

  /** Items matching a test (gauges, once per tick). */
  count(test: (item: T) => boolean): number {
    let n = 0;
    for (const i of this.items) if (test(i)) n++;
    return n;
  }

  putNowait(item: T): void {
    if (this.full()) throw new QueueFull();
    this.items.push(item);
    this.wakeNext();
  }

  getNowait(): T {
    if (this.items.length === 0) throw new QueueEmpty();
    return (this.useLifo ? this.items.pop() : this.items.shift()) as T;
  }

  /** Drains the queue (dispose), in the order get() would hand the items out: newest first for LIFO. */
  drain(): T[] {
    const all = this.items.splice(0, this.items.length);
    return this.useLifo ? all.reverse() : all;
  }

  /**
   * Waits for an item. timeoutSec null waits forever; otherwise the whole wait is bounded, as
   * asyncio.wait_for(queue.get(), timeout) bounds it, and ends with QueueEmpty.
   */
  get(timeoutSec: number | null): Promise<T> {
    if (!this.empty()) return Promise.resolve(this.getNowait());
    return new Promise<T>((resolve, reject) => {
      const waiter = new Waiter(this, resolve, reject);
      if (timeoutSec !== null) {
        waiter.startedAt = this.clock.now();
        waiter.deadline = waiter.startedAt + timeoutSec * 1000;
        // Served waiters leave the list lazily; compact it once they outnumber the live ones.
        if (this.timed.length > 2 * this.liveDeadlines + 32) this.timed = this.timed.filter((w) => !w.finished);
        this.timed.push(waiter);
        this.liveDeadlines++;
        if (waiter.deadline < this.armedAt) this.arm(waiter.deadline);
      }
      this.getters.push(waiter);
    });
  }

  /** A waiter with a deadline finished (served or expired); the last one takes the timer with it. */
  deadlineDone(): void {
    if (--this.liveDeadlines > 0) return;
    this.disarm?.();
    this.disarm = null;
    this.armedAt = Infinity;
    this.timed = [];
  }

  /** minMs: after a timer fired early, ask for at least a millisecond so time moves on. */
  private arm(at: number, minMs = 0): void {
    this.disarm?.();
    this.armedAt = at;
    this.disarm = this.clock.setTimer(() => this.expireDue(), Math.max(minMs, at - this.clock.now()));
  }

  /**
   * The timer fired: every waiter whose deadline has come gives up, in arrival order (a timer may
   * fire a little before the clock reaches the deadline; those waiters wait on), then the timer
   * is set for the next deadline.
   */
  private expireDue(): void {
    this.disarm = null;
    this.armedAt = Infinity;
    const now = this.clock.now();
    const waiting: Array<Waiter<T>> = [];
    let next = Infinity;
    for (const w of this.timed) {
      if (w.finished) continue;
      if (w.deadline <= now) w.expire(now);
      else {
        waiting.push(w);
        if (w.deadline < next) next = w.deadline;
      }
    }
    // expire() may have dropped the list (its last waiter gone); keep the ones still waiting.
    this.timed = waiting;
    if (next !== Infinity) this.arm(next, 1);
  }

  /** A woken waiter that found the queue empty waits again, at the back (asyncio.Queue.get()'s loop). */
  requeue(waiter: Waiter<T>): void {
    this.getters.push(waiter);
  }

  /** A waiter timed out; if a put had just woken it, its turn passes on, as asyncio's get() does on cancel. */
  abandoned(waiter: Waiter<T>): void {
    if (waiter.woken && !this.empty()) this.wakeNext();
    this.prune();
  }

  private wakeNext(): void {
    while (this.getters.length) {
      const g = this.getters.shift()!;
      if (g.gone || g.woken) continue;
      g.wake();
      return;
    }
  }

  private prune(): void {
    this.getters.retain((g) => !g.gone && !g.woken);
  }
}
