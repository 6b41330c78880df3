import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../src-main/core/core';
import { parseProfile } from '../src-main/shared/profile';
import { median, type Bench, type BenchResult, type BenchTable } from './harness';
import { launchChromium, observeLongTasks, startServe, takeLongTasks, timedClick } from './ui-browser';
import { measureFirstLoad } from './ui-load.bench';
import { measurePoolLongTasks } from './ui-pool.bench';

/**
 * The Export view in a real browser (Chromium against serve mode, the built renderer): every
 * Export file-tab switch on a 250×41 schema (click to the next painted frame), the diff of its
 * ~11.5k-line models.py against the last export, and long tasks (>50 ms, PerformanceObserver
 * 'longtask') over the whole Export session. Needs `npm run build` first.
 */
async function measureExport(): Promise<{ tables: BenchTable[]; data: unknown; summary: Array<[string, string]> }> {
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

  const served = await startServe(dataDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await observeLongTasks(page);
    await page.goto(served.url);
    await page.getByTestId('app').waitFor();

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
    await takeLongTasks(page);

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
    const longTasks = await takeLongTasks(page);

    const byFile = new Map<string, number[]>();
    for (const s of switches) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s.ms]);
    const worstSwitch = Math.max(...switches.map((s) => s.ms));
    const tables: BenchTable[] = [
      {
        title: `Export view on 250 tables x 41 columns in Chromium (1-minute load average at start: ${load.toFixed(1)} on ${cpus().length} cores)`,
        columns: ['figure', 'value'],
        rows: [
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
    const summary: Array<[string, string]> = [
      ['Export tab switch, worst of 3 rounds (target < 100 ms)', `${Math.round(worstSwitch)} ms ${worstSwitch < 100 ? 'PASS' : 'MISS'}`],
      ['models.py diff, click to painted (target < 300 ms)', `${Math.round(diffMs)} ms ${diffMs < 300 ? 'PASS' : 'MISS'}`],
    ];
    return { tables, data: { load, switches, diffMs, longTasks }, summary };
  } finally {
    await browser.close();
    await served.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const uiExportBench: Bench = {
  name: 'ui-export',
  description: 'browser: Export tab switches and models.py diff on 250×41, long tasks',
  async run() {
    const r = await measureExport();
    return { name: 'ui-export', tables: r.tables, data: r.data };
  },
};

/** All three browser measurements, then one table of the headline figures to paste into the README. */
export const uiBench: Bench = {
  name: 'ui',
  description: 'browser: first load (split vs one bundle), Export view, Pool view long tasks; ends with a summary table',
  async run(): Promise<BenchResult> {
    const load = loadavg()[0]!;
    const first = await measureFirstLoad();
    const exp = await measureExport();
    const pool = await measurePoolLongTasks();
    const summary: BenchTable = {
      title: `UI summary (1-minute load average at start: ${load.toFixed(1)}, at end: ${loadavg()[0]!.toFixed(1)}, on ${cpus().length} cores)`,
      columns: ['figure', 'value'],
      rows: [...first.summary, ...exp.summary, ...pool.summary],
    };
    return { name: 'ui', tables: [...first.tables, ...exp.tables, ...pool.tables, summary], data: { firstLoad: first.data, export: exp.data, pool: pool.data } };
  },
};
