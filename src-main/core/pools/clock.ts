/**
 * Time for the pool. SQLAlchemy uses wall-clock seconds (time.time()) for connection start times,
 * recycle and invalidation; Poolscope uses milliseconds. Injectable so unit tests drive time.
 */
export interface Clock {
  /** Milliseconds, monotonic enough to compare start times. */
  now(): number;
  /** Runs fn after ms; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** A clock for tests: time moves only when advance() is called, and due timers fire in order. */
export class FakeClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; fn: () => void; live: boolean }> = [];

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  /** Moves time forward, firing due timers; awaits between them so promise chains settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      due.live = false;
      due.fn();
    }
    this.t = end;
    this.timers = this.timers.filter((x) => x.live);
    await flush();
  }
}

/** Lets every pending promise continuation run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
