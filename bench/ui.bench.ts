import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { Core } from '../src-main/core/core';
import { parseProfile } from '../src-main/shared/profile';
import { median, type Bench, type BenchTable } from './harness';

/**
 * The UI in a real browser (Chromium against serve mode, the built renderer): first paint and
 * bytes transferred, every Export file-tab switch on a 250×41 schema (click to the next painted
 * frame), the diff of its ~11.5k-line models.py against the last export, and long tasks (>50 ms,
 * PerformanceObserver 'longtask') over the whole Export session. Needs `npm run build` first.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.POOLSCOPE_CHROMIUM ?? '/usr/bin/chromium';

async function startServe(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve mode did not start:\n${out}`)), 30_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (c) => reject(new Error(`serve mode exited with ${c}:\n${out}`)));
  });
  return { proc, url };
}

/** Click, then wait until the selection shows and two frames were painted: what a person waits for. */
async function timedClick(page: Page, selector: string, done: string): Promise<number> {
  // Browser-side code as text: this file is type-checked for Node, without the DOM's types.
  return page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector(${JSON.stringify(selector)}).click();
    const check = () => {
      if (document.querySelector(${JSON.stringify(done)})) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      else requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;
}

export const uiBench: Bench = {
  name: 'ui',
  description: 'browser: first paint, bytes, Export tab switches and models.py diff on 250×41, long tasks',
  async run() {
    const load = loadavg()[0]!;
    const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-bench-ui-'));
    const file = join(dataDir, 'wide.sqlite');
    const db = new Database(file);
    const cols = Array.from({ length: 41 }, (_, i) => (i === 0 ? 'id INTEGER PRIMARY KEY' : `c${i} ${['VARCHAR(40)', 'TEXT', 'INTEGER', 'NUMERIC(10, 2)', 'TIMESTAMP'][i % 5]}`));
    db.exec('BEGIN');
    for (let t = 0; t < 250; t++) db.exec(`CREATE TABLE t${String(t).padStart(3, '0')} (${cols.join(', ')})`);
    db.exec('COMMIT');
    db.close();
    const core = new Core({ dataDir, mode: 'cli', seedDemo: false });
    core.connections.create(parseProfile({ name: 'Wide', backend: 'sqlite', database: file }));
    await core.close();

    const { proc, url } = await startServe(dataDir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.addInitScript(`window.__long = [];
        new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });`);
      await page.goto(url);
      await page.getByTestId('app').waitFor();
      const paint = (await page.evaluate(`(() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
        const bytes = performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0);
        return { fcp, bytes: bytes + performance.getEntriesByType('navigation')[0].transferSize };
      })()`)) as { fcp: number; bytes: number };

      await page.getByRole('treeitem', { name: /^Wide/ }).click();
      await page.getByRole('tab', { name: 'Types' }).click();
      await page.getByTestId('types-run').click();
      await page.getByRole('grid', { name: 'Column type mappings' }).waitFor();
      await page.getByTestId('types-export').click();
      await page.getByTestId('models-use-in-export').click();
      await page.getByRole('tab', { name: 'models.py' }).waitFor();
      // Record an export, then change the schema so models.py differs from it.
      await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
      await page.getByTestId('export-last').filter({ hasText: 'zip' }).waitFor();
      const db2 = new Database(file);
      db2.exec('ALTER TABLE t100 ADD COLUMN added_later TEXT');
      db2.exec('DROP TABLE t200');
      db2.close();
      await page.getByRole('tab', { name: 'Types' }).click();
      await page.getByTestId('types-run').click();
      await page.getByTestId('types-export').click();
      await page.getByTestId('models-use-in-export').click();
      await page.getByTestId('export-models').filter({ hasText: 'all 249 tables' }).waitFor();
      await page.evaluate('window.__long = []');

      const paths = await page.getByTestId('export-file-tab').evaluateAll((els) => els.map((e) => e.id));
      const switches: Array<{ file: string; ms: number }> = [];
      for (let round = 0; round < 3; round++) {
        for (const id of paths) {
          const sel = `[id="${id}"]`;
          switches.push({ file: id.replace('export-tab-', ''), ms: await timedClick(page, sel, `${sel}[aria-selected="true"]`) });
        }
      }
      await page.locator('[id="export-tab-models.py"]').click();
      const diffMs = await timedClick(page, '[data-testid="export-show-diff"]', '[data-testid="export-diff"]');
      const longTasks = (await page.evaluate('window.__long')) as number[];

      const byFile = new Map<string, number[]>();
      for (const s of switches) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s.ms]);
      const worstSwitch = Math.max(...switches.map((s) => s.ms));
      const tables: BenchTable[] = [
        {
          title: `Serve mode in Chromium (1-minute load average at start: ${load.toFixed(1)} on ${cpus().length} cores)`,
          columns: ['figure', 'value'],
          rows: [
            ['first contentful paint (ms)', Math.round(paint.fcp)],
            ['bytes transferred for the page (kB)', Math.round(paint.bytes / 1024)],
            ['models.py diff: click to painted (ms)', Math.round(diffMs)],
            ['long tasks during the Export session', longTasks.length],
            ['longest task (ms)', Math.round(Math.max(0, ...longTasks))],
          ],
        },
        {
          title: 'Export file-tab switch, click to painted (ms, 3 rounds)',
          columns: ['file', 'median', 'max'],
          rows: [...byFile].map(([f, v]) => [f, Math.round(median(v)), Math.round(Math.max(...v))]),
          verdicts: [
            { target: 'every tab switch < 100 ms', ok: worstSwitch < 100, detail: `worst ${Math.round(worstSwitch)} ms` },
            { target: 'models.py diff < 300 ms', ok: diffMs < 300, detail: `${Math.round(diffMs)} ms` },
          ],
        },
      ];
      return { name: 'ui', tables, data: { load, paint, switches, diffMs, longTasks } };
    } finally {
      await browser.close();
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
