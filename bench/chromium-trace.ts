import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, as opposed to its wall time `dur`. */
  tdur?: number;
  args?: { name?: string };
}

export interface MainThreadFigures {
  tasks: number;
  /** CPU time of the renderer's main thread in tasks, ms. */
  cpuMs: number;
  /** The longest task by its own CPU time, ms: what the renderer's code costs, whatever else runs on the machine. */
  longestCpuMs: number;
  /** Tasks whose CPU time alone exceeds 50 ms. */
  cpuLongTasks: number;
  /** Tasks over 50 ms of wall time, and how many of those used under 50 ms of CPU (the rest of the time the thread waited for a core). */
  wallLongTasks: number;
  waitedLongTasks: number;
}

/** Reads a Chromium performance trace (browser.startTracing) and sums the page's main-thread tasks. */
export function mainThreadFigures(file: string): MainThreadFigures {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`));
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  const wall = (e: TraceEvent) => (e.dur ?? 0) / 1000;
  const wallLong = tasks.filter((e) => wall(e) > 50);
  return {
    tasks: tasks.length,
    cpuMs: tasks.reduce((s, e) => s + cpu(e), 0),
    longestCpuMs: Math.max(0, ...tasks.map(cpu)),
    cpuLongTasks: tasks.filter((e) => cpu(e) > 50).length,
    wallLongTasks: wallLong.length,
    waitedLongTasks: wallLong.filter((e) => cpu(e) <= 50).length,
  };
}
