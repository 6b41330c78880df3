import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, fullScreenshot } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';
import { ensurePythonEnv } from '../../test/python-env';
import { pgTarget } from '../../test/servers';

/**
 * "Run on real SQLAlchemy" through the UI: from the Pool tab (saved pool settings) and the Export
 * tab (the exported db.py), with the pinned test Python chosen in the picker, the two runs side by
 * side; and an interpreter without SQLAlchemy, which gets the missing packages and the pip command.
 * Under CI the pinned env exists (test/python-env.ts builds it); without it the spec fails there.
 */
const env = ensurePythonEnv();

async function axe(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).include('.verify').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

async function chooseInterpreter(page: Page, panel: string, path: string): Promise<void> {
  const p = page.getByTestId(panel);
  await p.getByTestId('verify-other').fill(path);
  await p.getByTestId('verify-choose').click();
}

test.describe('Run on real SQLAlchemy', () => {
  test.skip(!env.python && !process.env.CI, `no pinned Python env: ${env.reason}`);

  test('from the Pool tab and the Export tab, beside Poolscope\'s own run; a Python without SQLAlchemy gets the pip command', async ({ page, serve }) => {
    test.setTimeout(180_000);
    expect(env.python, env.reason ?? '').toBeTruthy();
    const t = pgTarget();
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await new ConnectionsPage(page).importUrl(`postgresql+asyncpg://${encodeURIComponent(t.user)}@${t.host}:${t.port}/${t.database}`, 'Verify PG');
    await wb.openSection('Pool');

    // The Pool tab: the panel opens on request and lists interpreters.
    const pool = page.getByTestId('verify-pool');
    await pool.getByTestId('verify-open').click();
    await expect(pool.getByTestId('verify-interpreters')).toBeVisible({ timeout: 30_000 });

    // An interpreter without SQLAlchemy: what is missing, and the pip command with a copy button.
    const bare = mkdtempSync(join(tmpdir(), 'poolscope-bare-venv-'));
    try {
      expect(spawnSync('python3', ['-m', 'venv', '--without-pip', join(bare, '.venv')]).status).toBe(0);
      await chooseInterpreter(page, 'verify-pool', bare);
      const missing = pool.getByTestId('verify-missing');
      await expect(missing).toContainText('Missing: SQLAlchemy 2.0');
      await expect(missing).toContainText('Missing: the asyncpg driver');
      await expect(pool.getByTestId('verify-pip')).toHaveText(`${join(bare, '.venv', 'bin', 'python')} -m pip install "sqlalchemy[asyncio]>=2.0" asyncpg`);
      await expect(pool.getByTestId('verify-pip-copy')).toBeVisible();
      await fullScreenshot(page, 'verify-missing-packages');
      await axe(page, 'pool tab, missing packages');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }

    // The pinned env, chosen by its path; then a run with a pool too small for the load.
    await chooseInterpreter(page, 'verify-pool', env.python!);
    await expect(pool.getByTestId('verify-python')).toHaveValue(env.python!);
    await expect(pool.getByTestId('verify-missing')).toHaveCount(0);
    await pool.getByTestId('verify-concurrency').fill('6');
    await pool.getByTestId('verify-durationSec').fill('2');
    await pool.getByTestId('verify-holdMs').fill('50');
    await pool.getByTestId('verify-start').focus();
    await page.keyboard.press('Enter');
    const result = pool.getByTestId('verify-result');
    await expect(result).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
    await expect(pool.getByTestId('verify-stop')).toBeVisible();
    await expect(result).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(pool.getByTestId('verify-table')).toBeVisible();
    await expect(pool.getByTestId('verify-row-poolclass')).toContainText('AsyncAdaptedQueuePool');
    const checkouts = pool.getByTestId('verify-row-checkouts');
    await expect(checkouts.locator('td').nth(0)).toHaveText(/^[1-9]\d*$/);
    await expect(checkouts.locator('td').nth(1)).toHaveText(/^[1-9]\d*$/);
    await expect(pool.getByTestId('verify-row-errors.pool timeout')).toBeVisible();
    await expect(result).toContainText('SQLAlchemy 2.0.');
    await result.scrollIntoViewIfNeeded();
    await fullScreenshot(page, 'verify-pool-tab');
    await axe(page, 'pool tab, result');

    // The Export tab, dark theme: the exported db.py against Poolscope's pool with its settings; the interpreter choice was saved.
    await page.emulateMedia({ colorScheme: 'dark' });
    await wb.openSection('Export');
    const exp = page.getByTestId('verify-export');
    await exp.getByTestId('verify-open').click();
    await expect(exp.getByTestId('verify-python')).toHaveValue(env.python!, { timeout: 30_000 });
    await exp.getByTestId('verify-durationSec').fill('2');
    await exp.getByTestId('verify-start').click();
    const expResult = exp.getByTestId('verify-result');
    await expect(expResult).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(exp.getByTestId('verify-table')).toBeVisible();
    await expect(exp.getByTestId('verify-row-errors')).toHaveAttribute('data-verdict', 'same');
    await expResult.scrollIntoViewIfNeeded();
    await fullScreenshot(page, 'verify-export-tab-dark');
    await axe(page, 'export tab, result, dark');
  });
});
