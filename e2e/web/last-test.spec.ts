import { createServer } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';
import { api } from '../fixtures/api';

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Screenshots in both themes, each checked with axe (no serious or critical violation). */
async function shootBoth(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: screenshotPath(`${name}-${theme}`) });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    expect(bad, `${name} (${theme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const sidebarState = (wb: Workbench, name: string) => wb.connection(name).getByTestId('test-state');
/** The header's state beside the title: a shape with an accessible name, not a colour alone. */
const headerState = (page: Page) => page.getByTestId('header-test-state').getByRole('img');

test.describe('the last test result is kept (serve mode)', () => {
  test('demo SQLite: tested, reloaded, the result and the sidebar state are still there; next steps lead on', async ({ page, serve }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    const wb = new Workbench(page);
    const cx = new ConnectionsPage(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await expect(cx.testPanel.getByTestId('test-empty')).toBeVisible();
    await expect(sidebarState(wb, 'Demo (SQLite)')).toHaveAttribute('data-state', 'untested');
    await expect(sidebarState(wb, 'Demo (SQLite)')).toHaveAccessibleName('Not tested yet');
    await expect(headerState(page)).toHaveAccessibleName('Not tested yet');

    await cx.runTest();
    await cx.waitForResult();
    await expect(cx.testPanel.getByTestId('test-ok')).toBeVisible();
    await expect(cx.testPanel.getByTestId('next-pool')).toBeVisible();
    await expect(sidebarState(wb, 'Demo (SQLite)')).toHaveAttribute('data-state', 'ok');
    await expect(headerState(page)).toHaveAttribute('data-state', 'ok');

    await page.reload();
    await wb.select('Demo (SQLite)');
    const last = cx.testPanel.getByTestId('test-last');
    await expect(last).toHaveAttribute('data-state', 'ok');
    await expect(last).toContainText(/Tested .+ ago: OK \(connected in \d+ ms\)\./);
    await expect(cx.testPanel.getByTestId('test-empty')).toHaveCount(0);
    await expect(sidebarState(wb, 'Demo (SQLite)')).toHaveAccessibleName('Last test: OK');
    await expect(headerState(page)).toHaveAccessibleName('Last test: OK');
    await shootBoth(page, 'last-test-ok-1400');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shootBoth(page, 'last-test-ok-1024');

    // The Checks tab runs on opening when this session has no run yet; after that, only "Run checks" runs again.
    await wb.openSection('Checks');
    await expect(page.getByTestId('checks-status')).toContainText('Last run just now');
    const [demo] = await api(serve, 'connections.list', {});
    const before = (await api(serve, 'checks.last', { id: demo!.id }))!.ranAt;
    await wb.openSection('Overview');
    await cx.testPanel.getByRole('button', { name: 'Run checks' }).click();
    await expect(wb.tab('Checks')).toHaveAttribute('aria-selected', 'true');
    await expect.poll(async () => (await api(serve, 'checks.last', { id: demo!.id }))?.ranAt).not.toBe(before);
    await expect(page.getByTestId('checks-status')).toContainText('Last run just now');
    await wb.openSection('Overview');
    await cx.testPanel.getByRole('button', { name: 'Open the pool' }).click();
    await expect(wb.tab('Pool')).toHaveAttribute('aria-selected', 'true');
  });

  test('PostgreSQL on a closed port: failed, kept across a reload, with "Edit connection"', async ({ page, serve }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    const port = await closedPort();
    const wb = new Workbench(page);
    const cx = new ConnectionsPage(page);
    await wb.open(serve.url);
    await cx.importUrl(`postgresql+asyncpg://postgres@127.0.0.1:${port}/test`, 'Closed port');
    await cx.runTest();
    await cx.waitForResult();
    await expect(cx.stage('tcp')).toHaveAttribute('data-status', 'failed');
    await expect(cx.failure.getByTestId('test-hint')).not.toBeEmpty();
    await expect(cx.testPanel.getByTestId('next-edit')).toBeVisible();
    await expect(sidebarState(wb, 'Closed port')).toHaveAccessibleName('Last test: failed');
    await expect(headerState(page)).toHaveAccessibleName('Last test: failed');

    await page.reload();
    await wb.select('Closed port');
    const last = cx.testPanel.getByTestId('test-last');
    await expect(last).toHaveAttribute('data-state', 'failed');
    await expect(last).toContainText(/Tested .+ ago: failed at .+\./);
    await expect(sidebarState(wb, 'Closed port')).toHaveAttribute('data-state', 'failed');
    await shootBoth(page, 'last-test-failed-1400');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shootBoth(page, 'last-test-failed-1024');

    await cx.testPanel.getByRole('button', { name: 'Edit connection' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
  });
});
