import { useSyncExternalStore } from 'react';
import type { LoadProgressDto, PoolEventDto, PoolSnapshotDto, PoolTickDto, ServerViewDto } from '@shared/pool-types';
import { bridge } from '../../bridge';
import { loadAfterFinish, loadAfterTick } from './load-state';

/** Points kept per series: 60 s at the default 4 ticks per second. */
export const HISTORY = 240;
const EVENTS_KEPT = 500;

export class Ring {
  readonly values = new Float64Array(HISTORY);
  count = 0;
  push(v: number): void {
    this.values[this.count % HISTORY] = v;
    this.count++;
  }
  /** Oldest first. */
  toArray(): number[] {
    const n = Math.min(this.count, HISTORY);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.values[(this.count - n + i) % HISTORY]!;
    return out;
  }
  get last(): number {
    return this.count ? this.values[(this.count - 1) % HISTORY]! : 0;
  }
}

export const SERIES = ['checkedOut', 'idle', 'waiting', 'open', 'overflow', 'waitP50', 'waitP99', 'queryP50', 'queryP95', 'queryP99', 'throughput', 'loadP99', 'errors'] as const;
export type SeriesName = (typeof SERIES)[number];

export interface LivePool {
  connectionId: string;
  generation: number;
  latest: PoolTickDto | null;
  series: Record<SeriesName, Ring>;
  events: PoolEventDto[];
  server: ServerViewDto | null;
  load: LoadProgressDto | null;
  version: number;
}

function emptySeries(): Record<SeriesName, Ring> {
  return Object.fromEntries(SERIES.map((s) => [s, new Ring()])) as Record<SeriesName, Ring>;
}

const pools = new Map<string, LivePool>();
const listeners = new Map<string, Set<() => void>>();
let lastErrors = new Map<string, number>();

/** `null`: the pool has no load run now (a snapshot without one, or the pool went away). */
type LoadSink = (connectionId: string, load: LoadProgressDto | null) => void;
let loadSink: LoadSink | null = null;

/**
 * Where each change of a pool's load progress goes besides the live view: the store keeps the
 * latest run per connection there, so it is still shown after the Pool tab was left (the live
 * entry is reseeded, and forgotten with the pool). Called at most once per tick per pool.
 */
export function onLoadProgress(sink: LoadSink | null): void {
  loadSink = sink;
}

function reportLoad(id: string, previous: LoadProgressDto | null, next: LoadProgressDto | null): void {
  if (next && next !== previous) loadSink?.(id, next);
}

function notify(id: string): void {
  for (const l of listeners.get(id) ?? []) l();
}

function ensure(id: string, generation: number): LivePool {
  let p = pools.get(id);
  if (!p || p.generation !== generation) {
    p = { connectionId: id, generation, latest: null, series: emptySeries(), events: p?.events ?? [], server: null, load: null, version: 0 };
    pools.set(id, p);
  }
  return p;
}

/** Seeds the live view from a snapshot (when the Pool tab opens or the pool is rebuilt). */
export function seed(s: PoolSnapshotDto): void {
  const p = ensure(s.connectionId, s.generation);
  if (p.events.length === 0 || p.events[p.events.length - 1]!.seq < (s.events[s.events.length - 1]?.seq ?? 0)) p.events = s.events.slice(-EVENTS_KEPT);
  p.server = s.server;
  if (s.load) reportLoad(s.connectionId, p.load, s.load);
  else loadSink?.(s.connectionId, null);
  p.load = s.load;
  p.version++;
  notify(s.connectionId);
}

export function forget(id: string): void {
  pools.delete(id);
  loadSink?.(id, null);
  notify(id);
}

function onTick(t: PoolTickDto): void {
  const p = ensure(t.connectionId, t.generation);
  p.latest = t;
  const s = p.series;
  s.checkedOut.push(t.gauges.checkedOut);
  s.idle.push(t.gauges.idle);
  s.waiting.push(t.gauges.waiting);
  s.open.push(t.gauges.open);
  s.overflow.push(t.gauges.overflow);
  s.waitP50.push(t.window.checkoutWait.p50);
  s.waitP99.push(t.window.checkoutWait.p99);
  s.queryP50.push(t.window.query.p50);
  s.queryP95.push(t.window.query.p95);
  s.queryP99.push(t.window.query.p99);
  s.throughput.push(t.load ? t.load.throughput : 0);
  s.loadP99.push(t.load ? t.load.latency.p99 : 0);
  const prevErrors = lastErrors.get(t.connectionId) ?? t.counters.errors;
  s.errors.push(Math.max(0, t.counters.errors - prevErrors));
  lastErrors.set(t.connectionId, t.counters.errors);
  if (t.events.length) {
    p.events = p.events.concat(t.events).slice(-EVENTS_KEPT);
  }
  if (t.server) p.server = t.server;
  const load = loadAfterTick(p.load, t.load);
  reportLoad(t.connectionId, p.load, load);
  p.load = load;
  p.version++;
  notify(t.connectionId);
}

let subscribed = false;
function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  bridge.on('pools.metrics', (batch) => {
    for (const t of batch.pools) onTick(t);
  });
  bridge.on('lab.finished', (f) => {
    const p = pools.get(f.connectionId);
    if (!p) return;
    const next = loadAfterFinish(p.load, f);
    if (next === p.load) return;
    reportLoad(f.connectionId, p.load, next);
    p.load = next;
    p.version++;
    notify(f.connectionId);
  });
  bridge.on('pools.changed', (c) => {
    if (c.state === 'closed') forget(c.connectionId);
    else notify(c.connectionId);
  });
}

/** The live state of one pool; the component re-renders once per tick, and only components that ask. */
export function useLivePool(id: string): LivePool | undefined {
  subscribeOnce();
  const version = useSyncExternalStore(
    (cb) => {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(cb);
      return () => set!.delete(cb);
    },
    () => pools.get(id)?.version ?? -1,
  );
  void version;
  return pools.get(id);
}

export function resetLiveForTests(): void {
  pools.clear();
  lastErrors = new Map();
}
