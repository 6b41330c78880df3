import { describe, expect, it } from 'vitest';
import type { LoadProgressDto } from '@shared/pool-types';
import { loadAfterFinish, loadAfterTick } from './load-state';

const progress = (state: LoadProgressDto['state'], runId = 'r1'): LoadProgressDto => ({
  runId,
  state,
  elapsedSec: 3.5,
  durationSec: 60,
  activeWorkers: 2,
  throughput: 9000,
  latency: { count: 1, mean: 1, p50: 1, p95: 1, p99: 1, max: 1 },
  errorsByKind: {},
  completed: 27378,
});

describe('load progress between ticks', () => {
  it('a run last seen stopping ends stopped when the ticks stop carrying it (it never stays "Stopping…")', () => {
    expect(loadAfterTick(progress('stopping'), undefined)).toMatchObject({ state: 'stopped', activeWorkers: 0, completed: 27378 });
  });

  it('a run last seen running ends done; a finished one stays as it is; a live tick wins', () => {
    expect(loadAfterTick(progress('running'), undefined)).toMatchObject({ state: 'done', activeWorkers: 0 });
    const stopped = progress('stopped');
    expect(loadAfterTick(stopped, undefined)).toBe(stopped);
    expect(loadAfterTick(null, undefined)).toBeNull();
    const live = progress('running', 'r2');
    expect(loadAfterTick(progress('stopping'), live)).toBe(live);
  });

  it('lab.finished sets the exact state, only for the run shown', () => {
    expect(loadAfterFinish(progress('done'), { runId: 'r1', state: 'stopped' })).toMatchObject({ state: 'stopped' });
    const other = progress('running', 'r2');
    expect(loadAfterFinish(other, { runId: 'r1', state: 'stopped' })).toBe(other);
    expect(loadAfterFinish(null, { runId: 'r1', state: 'done' })).toBeNull();
  });
});

describe('a finished run shows the whole run', () => {
  it('lab.finished with its final progress replaces the last tick (full bar, final count)', () => {
    const lastTick = { ...progress('running'), elapsedSec: 1.8, durationSec: 2, completed: 900 };
    const final = { ...progress('done'), elapsedSec: 2, durationSec: 2, completed: 1000, activeWorkers: 0 };
    const shown = loadAfterTick(lastTick, undefined);
    expect(shown).toMatchObject({ state: 'done', elapsedSec: 1.8 });
    expect(loadAfterFinish(shown, { runId: 'r1', state: 'done', progress: final })).toMatchObject({ state: 'done', elapsedSec: 2, completed: 1000 });
    // Another run's final progress changes nothing.
    expect(loadAfterFinish(shown, { runId: 'r9', state: 'done', progress: { ...final, runId: 'r9' } })).toBe(shown);
  });
});
