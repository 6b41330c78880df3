import type { Clock } from './clock';

export class QueueEmpty extends Error {
  constructor() {
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
  cancelTimer: (() => void) | null = null;

  constructor(
    private readonly queue: AsyncQueue<T>,
    private readonly resolve: (item: T) => void,
    private readonly reject: (err: unknown) => void,
  ) {}

  /** Resume on a later microtask, like an asyncio future's callback: someone may barge in first. */
  wake(): void {
    this.woken = true;
    if (!this.finished) queueMicrotask(() => this.resume());
  }

  private resume(): void {
    if (this.finished) return;
    if (this.queue.empty()) {
      this.woken = false;
      this.queue.requeue(this);
      return;
    }
    this.finished = true;
    this.cancelTimer?.();
    this.resolve(this.queue.getNowait());
  }

  /** The whole wait ran out: asyncio.wait_for's TimeoutError, QueueEmpty here. */
  expire(): void {
    if (this.finished) return;
    this.finished = true;
    this.gone = true;
    this.queue.abandoned(this);
    this.reject(new QueueEmpty());
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
  private getters: Array<Waiter<T>> = [];

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
      if (timeoutSec !== null) waiter.cancelTimer = this.clock.setTimer(() => waiter.expire(), timeoutSec * 1000);
      this.getters.push(waiter);
    });
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
    this.getters = this.getters.filter((g) => !g.gone && !g.woken);
  }
}
