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

interface Getter {
  wake: () => void;
  woken: boolean;
  gone: boolean;
}

/**
 * The queue under AsyncAdaptedQueuePool: asyncio.Queue (or LifoQueue) semantics, reproduced.
 * maxsize 0 means unbounded. A put wakes the longest waiter, which re-checks on resuming; a caller
 * arriving in between may take the item first and the woken waiter waits again at the back,
 * exactly as asyncio.Queue.get() loops.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private getters: Getter[] = [];

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

  putNowait(item: T): void {
    if (this.full()) throw new QueueFull();
    this.items.push(item);
    this.wakeNext();
  }

  getNowait(): T {
    if (this.items.length === 0) throw new QueueEmpty();
    return (this.useLifo ? this.items.pop() : this.items.shift()) as T;
  }

  /** Drains the queue (dispose). */
  drain(): T[] {
    return this.items.splice(0, this.items.length);
  }

  /**
   * Waits for an item. timeoutSec null waits forever; otherwise the whole wait is bounded, as
   * asyncio.wait_for(queue.get(), timeout) bounds it, and ends with QueueEmpty.
   */
  get(timeoutSec: number | null): Promise<T> {
    if (!this.empty()) return Promise.resolve(this.getNowait());
    return new Promise<T>((resolve, reject) => {
      let cancelTimer: (() => void) | null = null;
      let current: Getter | null = null;
      let finished = false;
      const finish = () => {
        finished = true;
        cancelTimer?.();
      };
      const wait = () => {
        const g: Getter = {
          woken: false,
          gone: false,
          wake: () => {
            if (finished) return;
            // Resume on a later microtask, like an asyncio future's callback: someone may barge in first.
            queueMicrotask(() => {
              if (finished) return;
              if (this.empty()) return wait();
              finish();
              resolve(this.getNowait());
            });
          },
        };
        current = g;
        this.getters.push(g);
      };
      if (timeoutSec !== null) {
        cancelTimer = this.clock.setTimer(() => {
          if (finished) return;
          finished = true;
          if (current) {
            current.gone = true;
            // A waiter woken at the same moment hands its turn on, as asyncio's get() does on cancel.
            if (current.woken && !this.empty()) this.wakeNext();
          }
          this.prune();
          reject(new QueueEmpty());
        }, timeoutSec * 1000);
      }
      wait();
    });
  }

  private wakeNext(): void {
    while (this.getters.length) {
      const g = this.getters.shift()!;
      if (g.gone || g.woken) continue;
      g.woken = true;
      g.wake();
      return;
    }
  }

  private prune(): void {
    this.getters = this.getters.filter((g) => !g.gone && !g.woken);
  }
}
