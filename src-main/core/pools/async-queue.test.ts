import { describe, expect, it } from 'vitest';
import { AsyncQueue, QueueEmpty } from './async-queue';
import { FakeClock, flush, systemClock, type Clock } from './clock';

/** A clock that counts the timers it holds, over another clock. */
function counting(base: Clock) {
  let live = 0;
  let set = 0;
  const clock: Clock = {
    now: () => base.now(),
    setTimer(fn, ms) {
      live++;
      set++;
      let done = false;
      const cancel = base.setTimer(() => {
        if (done) return;
        done = true;
        live--;
        fn();
      }, ms);
      return () => {
        if (done) return;
        done = true;
        live--;
        cancel();
      };
    },
  };
  return { clock, live: () => live, set: () => set };
}

describe('AsyncQueue deadlines', () => {
  it('waiters with different timeouts give up at their own deadline, in that order', async () => {
    const fake = new FakeClock();
    const q = new AsyncQueue<number>(0, false, fake);
    const outcome: string[] = [];
    const track = (name: string, p: Promise<number>) =>
      p.then(
        (v) => outcome.push(`${name} got ${v}`),
        (e) => outcome.push(`${name} ${e instanceof QueueEmpty ? 'timed out' : 'failed'} at ${fake.now() - start}`),
      );
    const start = fake.now();
    track('a', q.get(3));
    track('b', q.get(1));
    track('c', q.get(2));
    track('d', q.get(null));
    await fake.advance(1500);
    expect(outcome).toEqual(['b timed out at 1000']);
    q.putNowait(7);
    await flush();
    expect(outcome).toEqual(['b timed out at 1000', 'a got 7']);
    await fake.advance(5000);
    expect(outcome).toEqual(['b timed out at 1000', 'a got 7', 'c timed out at 2000']);
    q.putNowait(8);
    await flush();
    expect(outcome.at(-1)).toBe('d got 8');
  });

  it('one timer at a time, none once every waiter was served', async () => {
    const fake = new FakeClock();
    const c = counting(fake);
    const q = new AsyncQueue<number>(0, false, c.clock);
    const gets = Array.from({ length: 50 }, () => q.get(30));
    expect(c.live()).toBe(1);
    for (let i = 0; i < 50; i++) q.putNowait(i);
    expect((await Promise.all(gets)).length).toBe(50);
    expect(c.live()).toBe(0);
    expect(c.set()).toBe(1);
  });

  it('with the system clock, a served pool leaves no timer that would keep the process alive', async () => {
    const c = counting(systemClock);
    const q = new AsyncQueue<number>(0, false, c.clock);
    // Churn: 200 waiters come and go, and at every moment one is waiting, so the timer stays.
    let pending = q.get(30);
    for (let round = 0; round < 200; round++) {
      const next = q.get(30);
      q.putNowait(round);
      await pending;
      pending = next;
      expect(c.live()).toBe(1);
    }
    // The list of waiters with deadlines is compacted as they are served, not kept for 30 s.
    expect((q as unknown as { timed: unknown[] }).timed.length).toBeLessThan(40);
    q.putNowait(-1);
    await pending;
    expect(c.live()).toBe(0);
    expect(c.set()).toBe(1);
  });

  it('a timer that fires before the clock reaches the deadline lets the waiter wait on', async () => {
    const fake = new FakeClock();
    // A timer that fires 1 ms early, as a real event loop's cached time can make it.
    const early: Clock = { now: () => fake.now(), setTimer: (fn, ms) => fake.setTimer(fn, ms > 1 ? ms - 1 : ms) };
    const q = new AsyncQueue<number>(0, false, early);
    let settled = false;
    const start = fake.now();
    const p = q.get(1).catch((e: unknown) => {
      settled = true;
      return e;
    });
    await fake.advance(999.5);
    expect(settled).toBe(false);
    await fake.advance(10);
    expect(settled).toBe(true);
    expect(await p).toBeInstanceOf(QueueEmpty);
    expect(fake.now() - start).toBeGreaterThanOrEqual(1000);
  });
});

describe('AsyncQueue line of waiters', () => {
  it('serves waiters first come, first served while the line wraps around and grows', async () => {
    const q = new AsyncQueue<number>(0, false, new FakeClock());
    const served: number[] = [];
    const waiters: Array<Promise<void>> = [];
    let next = 0;
    const join = () => {
      const me = next++;
      waiters.push(q.get(null).then(() => void served.push(me)));
    };
    // 10 wait, 6 are served (the front moves on), then 30 more join: the line wraps and grows.
    for (let i = 0; i < 10; i++) join();
    for (let i = 0; i < 6; i++) q.putNowait(i);
    await flush();
    for (let i = 0; i < 30; i++) join();
    for (let i = 0; i < 34; i++) q.putNowait(i);
    await Promise.all(waiters);
    expect(served).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
