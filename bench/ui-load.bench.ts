import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../electron.vite.config';
import { Core } from '../src-main/core/core';
import { createHandlers } from '../src-main/api';
import { startWsServer } from '../src-main/transport/ws-server';
import { median, type Bench, type BenchTable } from './harness';
import { launchChromium, root } from './ui-browser';
import { mainThreadFigures } from './chromium-trace';

/**
 * First load of serve mode, split build against one bundle. "Split" is out/renderer as built
 * (`npm run build`); "one bundle" is the same sources rebuilt here with code splitting off, which
 * is what the renderer was before the split. Both are served by the same HTTP code (in this
 * process, so each variant can have its own folder), to a fresh browser context per run (no
 * cache), alternating, after one warm-up each (serve mode compresses a file on first request).
 */
const RUNS = Number(process.env.BENCH_UI_LOAD_RUNS ?? 5);

interface LoadFigures {
  fcp: number;
  /** Navigation start until the Overview section shows its content. */
  shown: number;
  transferred: number;
  scriptDecoded: number;
  requests: number;
  /** CPU time of the page's main thread for the load (to network idle) (from a Chromium trace): the part a busy machine does not inflate. */
  mainCpu: number;
}

async function buildOneBundle(outDir: string): Promise<void> {
  const renderer = (electronViteConfig as unknown as { renderer: InlineConfig }).renderer;
  await build({
    ...renderer,
    configFile: false,
    logLevel: 'silent',
    build: { ...renderer.build, outDir, emptyOutDir: true, rolldownOptions: { input: resolve(root, 'src-renderer/index.html'), output: { codeSplitting: false } } },
  });
}

async function measure(url: string, browser: Awaited<ReturnType<typeof launchChromium>>, traceFile: string): Promise<LoadFigures> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  try {
    const page = await context.newPage();
    await browser.startTracing(page, { path: traceFile, screenshots: false, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    // When the first section's content appears, polled every frame from the first script on.
    await page.addInitScript(`(() => {
      const poll = () => {
        if (document.querySelector('[data-testid="overview"]')) window.__shown = performance.now();
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    })()`);
    await page.goto(url);
    await page.getByTestId('overview').waitFor();
    await page.waitForLoadState('networkidle');
    const figures = (await page.evaluate(`(() => {
      const res = performance.getEntriesByType('resource');
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        shown: window.__shown ?? NaN,
        transferred: res.reduce((s, r) => s + r.transferSize, 0) + nav.transferSize,
        scriptDecoded: res.filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js')).reduce((s, r) => s + r.decodedBodySize, 0),
        requests: res.length + 1,
      };
    })()`)) as Omit<LoadFigures, 'mainCpu'>;
    await browser.stopTracing();
    return { ...figures, mainCpu: mainThreadFigures(traceFile).cpuMs };
  } finally {
    await context.close();
  }
}

export async function measureFirstLoad(): Promise<{ tables: BenchTable[]; data: unknown; summary: Array<[string, string]> }> {
  const load = loadavg()[0]!;
  const work = mkdtempSync(join(tmpdir(), 'poolscope-bench-load-'));
  const oneBundleDir = join(work, 'one-bundle');
  await buildOneBundle(oneBundleDir);
  const core = new Core({ dataDir: join(work, 'data'), mode: 'serve' });
  const handlers = createHandlers(core);
  const servers = {
    split: await startWsServer({ handlers, bus: core.bus, logger: core.logger, port: 0, rendererDir: join(root, 'out', 'renderer') }),
    oneBundle: await startWsServer({ handlers, bus: core.bus, logger: core.logger, port: 0, rendererDir: oneBundleDir }),
  };
  const browser = await launchChromium();
  const runs: Record<'split' | 'oneBundle', LoadFigures[]> = { split: [], oneBundle: [] };
  try {
    const traceFile = join(work, 'trace.json');
    await measure(servers.oneBundle.url, browser, traceFile);
    await measure(servers.split.url, browser, traceFile);
    for (let i = 0; i < RUNS; i++) {
      for (const v of i % 2 ? (['split', 'oneBundle'] as const) : (['oneBundle', 'split'] as const)) runs[v].push(await measure(servers[v].url, browser, traceFile));
    }
  } finally {
    await browser.close();
    await servers.split.close();
    await servers.oneBundle.close();
    await core.close();
    rmSync(work, { recursive: true, force: true });
  }
  const med = (v: 'split' | 'oneBundle', k: keyof LoadFigures) => median(runs[v].map((r) => r[k]));
  const kB = (n: number) => Math.round(n / 1024);
  const row = (label: string, k: keyof LoadFigures, f: (n: number) => number = Math.round): Array<string | number> => [label, f(med('oneBundle', k)), f(med('split', k))];
  const table: BenchTable = {
    title: `First load of serve mode in Chromium, no cache, median of ${RUNS} (1-minute load average at start: ${load.toFixed(1)} on ${cpus().length} cores)`,
    columns: ['figure', 'one bundle (before)', 'split by section (after)'],
    rows: [
      row('first contentful paint (ms)', 'fcp'),
      row('Overview shown (ms)', 'shown'),
      row('page main-thread CPU for the load (ms)', 'mainCpu'),
      row('bytes transferred (kB, compressed)', 'transferred', kB),
      row('script decoded (kB, what the browser parses)', 'scriptDecoded', kB),
      row('requests', 'requests'),
    ],
    verdicts: [
      { target: 'the split first load transfers less', ok: med('split', 'transferred') < med('oneBundle', 'transferred'), detail: `${kB(med('oneBundle', 'transferred'))} kB -> ${kB(med('split', 'transferred'))} kB` },
    ],
  };
  const summary: Array<[string, string]> = [
    ['first load: bytes transferred (before -> after)', `${kB(med('oneBundle', 'transferred'))} kB -> ${kB(med('split', 'transferred'))} kB`],
    ['first load: first contentful paint (before -> after)', `${Math.round(med('oneBundle', 'fcp'))} ms -> ${Math.round(med('split', 'fcp'))} ms`],
    ['first load: Overview shown (before -> after)', `${Math.round(med('oneBundle', 'shown'))} ms -> ${Math.round(med('split', 'shown'))} ms`],
    ['first load: page main-thread CPU (before -> after)', `${Math.round(med('oneBundle', 'mainCpu'))} ms -> ${Math.round(med('split', 'mainCpu'))} ms`],
  ];
  return { tables: [table], data: { load, runs }, summary };
}

export const uiLoadBench: Bench = {
  name: 'ui-load',
  description: 'browser: serve mode first load (bytes, first paint), split build against one bundle',
  async run() {
    const r = await measureFirstLoad();
    return { name: 'ui-load', tables: r.tables, data: r.data };
  },
};
