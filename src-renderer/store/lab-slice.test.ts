import { describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { LoadProgressDto, PoolSnapshotDto } from '@shared/pool-types';

// The slice's actions talk to the server through the bridge; what is tested here never calls it,
// but importing the real one would open a socket.
vi.mock('../bridge', () => ({ bridge: { call: vi.fn(), on: vi.fn() }, toApiError: (e: unknown) => e }));

const { createLabSlice } = await import('./lab-slice');
const { seed, forget } = await import('../features/pool/live');
const { DEFAULT_LAB_FORM, scenarioOf } = await import('./lab-form');
type Lab = ReturnType<typeof createLabSlice>;

const newStore = () => create<Lab>()(createLabSlice as never);

const progress = (state: LoadProgressDto['state'], runId = 'r1'): LoadProgressDto => ({
  runId,
  state,
  elapsedSec: 4,
  durationSec: 600,
  activeWorkers: 3,
  throughput: 250,
  latency: { count: 1, mean: 1, p50: 1, p95: 1, p99: 1, max: 1 },
  errorsByKind: {},
  completed: 1000,
});

const snapshot = (connectionId: string, load: LoadProgressDto | null): PoolSnapshotDto =>
  ({ connectionId, generation: 1, events: [], server: null, load }) as unknown as PoolSnapshotDto;

describe('lab state kept in the store', () => {
  it('keeps one form per connection, starting from the defaults', () => {
    const store = newStore();
    store.getState().setLabForm('a', { concurrency: 3, kind: 'custom', sql: 'SELECT 1' });
    store.getState().setLabForm('a', { driverRecipe: true });
    store.getState().setLabForm('b', { durationSec: 60 });
    expect(store.getState().labForms.a).toEqual({ ...DEFAULT_LAB_FORM, concurrency: 3, kind: 'custom', sql: 'SELECT 1', driverRecipe: true });
    expect(store.getState().labForms.b).toEqual({ ...DEFAULT_LAB_FORM, durationSec: 60 });
    expect(scenarioOf(store.getState().labForms.a!)).toMatchObject({ concurrency: 3, driverRecipe: true, query: { kind: 'custom', sql: 'SELECT 1' } });
  });

  it('keeps the latest run per connection: live while it runs, its end once the pool has none', () => {
    const store = newStore();
    seed(snapshot('a', progress('running')));
    expect(store.getState().labLoads.a).toMatchObject({ runId: 'r1', state: 'running' });
    // Back on the tab after the run ended unseen: the snapshot has no load, the run shown ends.
    seed(snapshot('a', null));
    expect(store.getState().labLoads.a).toMatchObject({ runId: 'r1', state: 'done', activeWorkers: 0, completed: 1000 });
    // A finished run stays shown when the pool is seeded again or goes away.
    seed(snapshot('a', null));
    forget('a');
    expect(store.getState().labLoads.a).toMatchObject({ runId: 'r1', state: 'done' });
    expect(store.getState().labLoads.b).toBeUndefined();
  });

  it('a run being stopped when its pool closes ends stopped, not running forever', () => {
    const store = newStore();
    seed(snapshot('c', progress('stopping', 'r9')));
    forget('c');
    expect(store.getState().labLoads.c).toMatchObject({ runId: 'r9', state: 'stopped' });
  });
});
