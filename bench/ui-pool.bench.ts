import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../src-main/core/core';
import { parseProfile } from '../src-main/shared/profile';
import type { Bench, BenchTable } from './harness';
import { mainThreadFigures } from './chromium-trace';
import { callApi, launchChromium, observeLongTasks, startServe, takeLongTasks } from './ui-browser';

/**
 * The Pool view under a busy workbench: 10 pools open on the local PostgreSQL, two load runs going
 * (the Load lab's defaults: 8 workers, SELECT 1), the Pool view of a loaded pool on screen for 30 s
 * (BENCH_UI_POOL_SECONDS), and every long task (> 50 ms, PerformanceObserver 'longtask') counted.
 * A Chromium performance trace of the same window (kept at BENCH_UI_TRACE=<file>, to open in the
 * DevTools Performance panel) gives each task's CPU time beside its wall time: on a busy machine a
 * task of 10 ms of work can take 100 ms of wall time waiting for a core, and the observer cannot
 * tell the two apart.
 */
const PG = new URL(process.env.POOLSCOPE_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test');
const POOLS = 10;
const OBSERVE_MS = Number(process.env.BENCH_UI_POOL_SECONDS ?? 30) * 1000;

export async function measurePoolLongTasks(): Promise<{ tables: BenchTable[]; data: unknown; summary: Array<[string, string]> }> {
  const load = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-bench-pool-ui-'));
  const core = new Core({ dataDir, mode: 'cli', seedDemo: false });
  const ids: string[] = [];
  for (let i = 1; i <= POOLS; i++) {
    const profile = parseProfile({
      name: `Pool ${String(i).padStart(2, '0')}`,
      backend: 'postgresql',
      host: PG.hostname,
      port: Number(PG.port || 5432),
      user: decodeURIComponent(PG.username) || 'postgres',
      database: PG.pathname.slice(1) || 'test',
      tls: { mode: 'disable' },
      service: { environment: 'local', workload: 'oltp', driver: 'asyncpg' },
      pool: { poolSize: 5, maxOverflow: 5 },
    });
    ids.push(core.connections.create(profile).id);
  }
  await core.close();

  const served = await startServe(dataDir);
  const browser = await launchChromium();
  const runIds: string[] = [];
  try {
    for (const id of ids) await callApi(served, 'pools.open', { id });
    for (const id of ids.slice(0, 2)) runIds.push((await callApi(served, 'lab.start', { id, scenario: { concurrency: 8, durationSec: 600, query: { kind: 'select1' } } })).runId);

    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await observeLongTasks(page);
    await page.goto(served.url);
    await page.getByRole('treeitem', { name: /^Pool 01/ }).click();
    await page.getByRole('tab', { name: 'Pool' }).click();
    await page.getByTestId('load-progress').waitFor();
    await page.getByTestId('chart-connections').locator('polyline').first().waitFor();
    await takeLongTasks(page);
    const trace = process.env.BENCH_UI_TRACE ?? join(dataDir, 'trace.json');
    await browser.startTracing(page, { path: trace, screenshots: false, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
    const frames0 = (await page.evaluate('performance.now()')) as number;
    await page.waitForTimeout(OBSERVE_MS);
    const longTasks = await takeLongTasks(page);
    const observedMs = ((await page.evaluate('performance.now()')) as number) - frames0;
    await browser.stopTracing();
    const main = mainThreadFigures(trace);
    const throughput = await page.getByTestId('load-throughput').textContent();

    const longest = Math.max(0, ...longTasks);
    const total = longTasks.reduce((s, d) => s + d, 0);
    const table: BenchTable = {
      title: `Pool view with ${POOLS} pools open and 2 load runs (PostgreSQL, 8 workers each), observed ${Math.round(observedMs / 1000)} s (1-minute load average at start: ${load.toFixed(1)} on ${cpus().length} cores)`,
      columns: ['figure', 'value'],
      rows: [
        ['long tasks (> 50 ms)', longTasks.length],
        ['longest task (ms)', Math.round(longest)],
        ['time in long tasks (ms)', Math.round(total)],
        ['main-thread CPU in the window (ms, from the trace)', Math.round(main.cpuMs)],
        ['longest task by CPU time (ms)', Math.round(main.longestCpuMs)],
        ['tasks over 50 ms of CPU', main.cpuLongTasks],
        ['tasks over 50 ms of wall time that used under 50 ms of CPU (waited for a core)', `${main.waitedLongTasks} of ${main.wallLongTasks}`],
        ['load run throughput on screen (req/s)', throughput ?? '?'],
      ],
      verdicts: [
        { target: 'no long task over 50 ms in 30 s', ok: longTasks.length === 0, detail: longTasks.length ? `${longTasks.length}, longest ${Math.round(longest)} ms` : 'none' },
        { target: 'no task with over 50 ms of CPU (the renderer\'s own share)', ok: main.cpuLongTasks === 0, detail: `longest ${Math.round(main.longestCpuMs)} ms of CPU` },
      ],
    };
    const summary: Array<[string, string]> = [
      [`Pool view, ${POOLS} pools + 2 load runs, ${Math.round(observedMs / 1000)} s: long tasks (target none)`, `${longTasks.length}, longest ${Math.round(longest)} ms ${longTasks.length === 0 ? 'PASS' : 'MISS'}`],
      ['Pool view: longest task by CPU time; main-thread CPU in the window', `${Math.round(main.longestCpuMs)} ms; ${Math.round(main.cpuMs)} ms`],
    ];
    return { tables: [table], data: { load, observedMs, longTasks, main }, summary };
  } finally {
    for (const runId of runIds) await callApi(served, 'lab.stop', { runId }).catch(() => undefined);
    for (const id of ids) await callApi(served, 'pools.close', { id }).catch(() => undefined);
    await browser.close();
    await served.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const uiPoolBench: Bench = {
  name: 'ui-pool',
  description: 'browser: Pool view long tasks with 10 pools open and two load runs',
  async run() {
    const r = await measurePoolLongTasks();
    return { name: 'ui-pool', tables: r.tables, data: r.data };
  },
};
