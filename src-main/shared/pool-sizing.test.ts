import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { littlesLaw, serviceBudget, sizePool } from './pool-sizing';

const pgHeadroom = { maxConnections: 100, reserved: 3, otherSessions: 5, target: 0.7 };

describe('pool sizing', () => {
  it("turns requests per second × hold time into connections per process (Little's law)", () => {
    expect(littlesLaw(200, 50)).toBe(10);
    const s = sizePool({ processes: 2, requestsPerSecond: 200, holdTimeMs: 50, poolSize: 5, maxOverflow: 10 });
    expect(s).toMatchObject({ concurrencyPerProcess: 5, poolSize: 5, maxOverflow: 3, perProcessMax: 8, totalMax: 16, budget: null, fits: true });
    expect(s.concurrencyBasis).toBe('200 req/s × 50 ms = 10 connections in use, over 2 processes');
  });

  it('keeps the current settings when nothing about the load is known, capped by the server budget', () => {
    expect(serviceBudget(pgHeadroom)).toBe(62);
    const s = sizePool({ processes: 8, poolSize: 5, maxOverflow: 10, headroom: pgHeadroom });
    expect(s).toMatchObject({ poolSize: 5, maxOverflow: 2, perProcessBudget: 7, totalMax: 56, fits: true });
    expect(s.reason).toContain('= 7 per process');
  });

  it('never ships pool_size=1 for a busy server: the pool stays sized for the workload and fits=false says the server cannot take it', () => {
    const s = sizePool({ processes: 200, concurrencyPerProcess: 3, poolSize: 5, maxOverflow: 10, headroom: pgHeadroom });
    expect(s.poolSize).toBe(3);
    expect(s.maxOverflow).toBe(0);
    expect(s.fits).toBe(false);
    expect(s.reason).toContain('the server cannot take it');
    const none = sizePool({ processes: 1, poolSize: 5, maxOverflow: 10, headroom: { ...pgHeadroom, otherSessions: 95 } });
    expect(none).toMatchObject({ poolSize: 5, maxOverflow: 0, budget: 0, fits: false });
  });

  it('replaces unlimited settings with numbers once a budget is known', () => {
    expect(sizePool({ processes: 1, poolSize: 0, maxOverflow: -1, headroom: pgHeadroom })).toMatchObject({ poolSize: 62, maxOverflow: 0 });
    expect(sizePool({ processes: 1, poolSize: 0, maxOverflow: -1 }).perProcessMax).toBeNull();
  });

  it('honours an account limit tighter than the server', () => {
    expect(serviceBudget({ ...pgHeadroom, accountLimit: 20 })).toBe(20);
  });

  it('fits the per-process budget or says it does not, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: -1, max: 500 }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        fc.integer({ min: 10, max: 5000 }),
        fc.integer({ min: 0, max: 200 }),
        (processes, poolSize, maxOverflow, concurrency, maxConnections, others) => {
          const headroom = { maxConnections, reserved: 3, otherSessions: others, target: 0.85 };
          const s = sizePool({ processes, poolSize, maxOverflow, concurrencyPerProcess: concurrency, headroom });
          expect(s.poolSize).toBeGreaterThanOrEqual(1);
          expect(s.maxOverflow).toBeGreaterThanOrEqual(0);
          // Either the pool fits the budget, or it says it does not (and keeps its workload size).
          if (s.fits) expect(s.poolSize + s.maxOverflow).toBeLessThanOrEqual(s.perProcessBudget!);
          else expect(s.poolSize * processes).toBeGreaterThan(s.budget!);
        },
      ),
    );
  });
});
