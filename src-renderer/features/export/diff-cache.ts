import { useEffect, useState } from 'react';
import { diffLines, diffStats, type DiffLine } from './line-diff';
import type { DiffRequest } from './diff.worker';

export interface FileDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

/**
 * Each (before, after) pair is diffed once, in a worker, and kept: renders only read the result.
 * Keyed by the texts themselves (a Map hashes a string once); a few dozen pairs at most are kept.
 */
const done = new Map<string, Map<string, FileDiff>>();
const running = new Map<string, Map<string, Promise<FileDiff>>>();
const MAX_KEPT = 48;

const norm = (s: string) => s.replace(/\n$/, '');

export function cachedDiff(before: string, after: string): FileDiff | undefined {
  return done.get(norm(before))?.get(norm(after));
}

function keep(before: string, after: string, d: FileDiff): void {
  if (done.size >= MAX_KEPT) done.clear();
  let m = done.get(before);
  if (!m) done.set(before, (m = new Map()));
  m.set(after, d);
}

/** Synchronous, for tests and the worker-less fallback. */
export function diffNow(before: string, after: string): FileDiff {
  const b = norm(before);
  const a = norm(after);
  const hit = done.get(b)?.get(a);
  if (hit) return hit;
  const lines = diffLines(b, a);
  const d = { lines, ...diffStats(lines) };
  keep(b, a, d);
  return d;
}

let worker: Worker | null | undefined;
let seq = 0;
const waiting = new Map<number, { before: string; after: string; resolve(d: FileDiff): void }>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./diff.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FileDiff & { id: number }>) => {
      const w = waiting.get(e.data.id);
      if (!w) return;
      waiting.delete(e.data.id);
      const d = { lines: e.data.lines, added: e.data.added, removed: e.data.removed };
      keep(w.before, w.after, d);
      w.resolve(d);
    };
    // No worker here (a policy, an old shell): do the waiting diffs on this thread, once.
    worker.onerror = () => {
      worker?.terminate();
      worker = null;
      for (const [id, w] of waiting) {
        waiting.delete(id);
        w.resolve(diffNow(w.before, w.after));
      }
    };
  } catch {
    worker = null;
  }
  return worker;
}

export function diffLater(before: string, after: string): Promise<FileDiff> {
  const b = norm(before);
  const a = norm(after);
  const hit = done.get(b)?.get(a);
  if (hit) return Promise.resolve(hit);
  const pending = running.get(b)?.get(a);
  if (pending) return pending;
  const p = new Promise<FileDiff>((resolve) => {
    const w = getWorker();
    if (!w) {
      setTimeout(() => resolve(diffNow(b, a)), 0);
      return;
    }
    const id = ++seq;
    waiting.set(id, { before: b, after: a, resolve });
    w.postMessage({ id, before: b, after: a } satisfies DiffRequest);
  }).finally(() => running.get(b)?.delete(a));
  let m = running.get(b);
  if (!m) running.set(b, (m = new Map()));
  m.set(a, p);
  return p;
}

/** The diff of two texts once it is ready (null meanwhile); never computed during a render. */
export function useFileDiff(before: string | null | undefined, after: string): FileDiff | null {
  const [, bump] = useState(0);
  const ready = typeof before === 'string' ? cachedDiff(before, after) : undefined;
  useEffect(() => {
    if (typeof before !== 'string' || cachedDiff(before, after)) return;
    let live = true;
    void diffLater(before, after).then(() => live && bump((n) => n + 1));
    return () => {
      live = false;
    };
  }, [before, after]);
  return ready ?? null;
}
