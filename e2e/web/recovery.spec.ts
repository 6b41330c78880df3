import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { test, expect, root, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';

test('a corrupt store is moved aside with a visible message, and the app starts with a fresh one', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-e2e-corrupt-'));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'poolscope.db'), 'this is not a database, it was damaged by a disk error '.repeat(200));
  const proc = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (d) => {
        out += d;
        const m = /Open: (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const wb = new Workbench(page);
    await wb.open(url);
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText('Saved connections could not be read');
    await expect(notice).toContainText('Nothing was deleted');
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    await page.screenshot({ path: screenshotPath('recovery-corrupt-store') });
    expect(readdirSync(dataDir).some((f) => f.startsWith('poolscope.db.corrupt-'))).toBe(true);
    await page.getByRole('button', { name: /Dismiss: Saved connections could not be read/ }).click();
    await expect(notice).toHaveCount(0);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
