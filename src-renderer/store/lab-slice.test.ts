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

describe('lab errors and busy faults belong to their connection', () => {
  it('a failed start on one connection is not shown on another, and a new start clears only its own', async () => {
    const { bridge } = await import('../bridge');
    const call = vi.mocked(bridge.call);
    call.mockRejectedValueOnce({ code: 'CONFLICT', message: 'A load run is already running on this pool.' });
    const store = newStore();
    expect(await store.getState().startLoad('a', scenarioOf(DEFAULT_LAB_FORM))).toBeNull();
    expect(store.getState().labErrors.a).toMatchObject({ code: 'CONFLICT' });
    expect(store.getState().labErrors.b ?? null).toBeNull();
    call.mockResolvedValueOnce({ runId: 'r2' }).mockResolvedValueOnce([]);
    expect(await store.getState().startLoad('b', scenarioOf(DEFAULT_LAB_FORM))).toBe('r2');
    expect(store.getState().labErrors.a).toMatchObject({ code: 'CONFLICT' });
  });

  it('a fault running on one connection leaves the other connection\'s buttons free', async () => {
    const { bridge } = await import('../bridge');
    let finish: (v: unknown) => void = () => undefined;
    vi.mocked(bridge.call).mockImplementationOnce(() => new Promise((r) => (finish = r)) as never);
    const store = newStore();
    const running = store.getState().runFault('a', { kind: 'kill-idle' } as never);
    expect(store.getState().faultBusy.a).toBe('kill-idle');
    expect(store.getState().faultBusy.b ?? null).toBeNull();
    finish({ kind: 'kill-idle' });
    await running;
    expect(store.getState().faultBusy.a).toBeNull();
  });
});
