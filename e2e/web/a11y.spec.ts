import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';

/**
 * The accessibility gate: axe-core (pinned) over every section and every dialog, in both themes.
 * Serious and critical violations fail the test, listed by rule and the first few elements, so a
 * failure says what to fix. Minor and moderate ones are reported by axe too but left to review.
 */
async function serious(page: Page, where: string, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}, ${v.nodes.length} nodes) ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
}

const SECTIONS: Array<{ tab: string; ready: string }> = [
  { tab: 'Overview', ready: 'overview' },
  { tab: 'Pool', ready: 'panel-pool' },
  { tab: 'Checks', ready: 'checks-view' },
  { tab: 'Matrix', ready: 'matrix-view' },
  { tab: 'Types', ready: 'types-view' },
  { tab: 'Export', ready: 'export-view' },
];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility (${theme})`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
    });

    test(`every section has no serious or critical axe violation (${theme})`, async ({ page, serve }) => {
      test.setTimeout(180_000);
      // A folder and a production badge in the sidebar too (never connected to: only listed).
      await api(serve, 'connections.create', { profile: { name: 'Orders', backend: 'postgresql', host: '127.0.0.1', database: 'orders', user: 'postgres', group: 'Production/EU', service: { environment: 'production' } } });
      const wb = new Workbench(page);
      await wb.open(serve.url);
      await wb.select('Demo (SQLite)');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(wb.connectionList.getByRole('treeitem', { name: /^EU, group/ })).toBeVisible();
      const found: string[] = [];
      for (const s of SECTIONS) {
        await wb.openSection(s.tab);
        await expect(page.getByTestId(s.ready)).toBeVisible();
        found.push(...(await serious(page, s.tab)));
      }
      // The busy states: an open pool with its event log, checks run, types mapped, an export preview.
      await wb.openSection('Pool');
      await page.getByRole('button', { name: 'Open pool' }).click();
      await expect(page.getByTestId('pool-view')).toBeVisible();
      await expect(page.getByRole('log', { name: 'Pool events' })).toBeVisible();
      found.push(...(await serious(page, 'Pool (open)')));
      await wb.openSection('Checks');
      const run = page.getByRole('button', { name: 'Run checks' });
      if (await run.isVisible()) await run.click();
      await expect(page.getByRole('list', { name: 'Check results' })).toBeVisible();
      found.push(...(await serious(page, 'Checks (run)')));
      await wb.openSection('Types');
      const map = page.getByTestId('types-run');
      if (await map.isVisible()) await map.click();
      await expect(page.getByRole('grid', { name: 'Column type mappings' })).toBeVisible();
      found.push(...(await serious(page, 'Types (mapped)')));
      await wb.openSection('Export');
      await expect(page.getByTestId('export-code')).toBeVisible();
      found.push(...(await serious(page, 'Export (preview)')));
      expect(found).toEqual([]);
    });

    test(`every dialog has no serious or critical axe violation and leaves the page inert (${theme})`, async ({ page, serve }) => {
      test.setTimeout(180_000);
      const wb = new Workbench(page);
      await wb.open(serve.url);
      await wb.select('Demo (SQLite)');
      const found: string[] = [];
      const dialogs: Array<{ name: string; open: () => Promise<void> }> = [
        { name: 'New connection', open: () => page.getByTestId('new-connection').click() },
        { name: 'Import connections', open: () => page.getByTestId('import-connections').click() },
        { name: 'Find local servers', open: () => page.getByTestId('discover-servers').click() },
        { name: 'Back up and restore', open: () => page.getByTestId('backup-open').click() },
        { name: 'Keyboard shortcuts', open: () => page.keyboard.press('?') },
      ];
      for (const d of dialogs) {
        await d.open();
        const dialog = page.getByRole('dialog');
        await expect(dialog).toBeVisible();
        // Modal: the page behind is inert, so neither a click nor the accessibility tree reaches it.
        expect(await page.evaluate(() => {
          const modal = document.querySelector('dialog:modal');
          return !!modal && modal.contains(document.activeElement) && !modal.contains(document.querySelector('.sidebar'));
        })).toBe(true);
        found.push(...(await serious(page, `dialog ${await dialog.getAttribute('aria-label') ?? d.name}`)));
        await page.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
      }
      expect(found).toEqual([]);
    });
  });
}

test('a dialog opened by a shortcut gives focus back to where it was', async ({ page, serve }) => {
  const wb = new Workbench(page);
  await wb.open(serve.url);
  await wb.select('Demo (SQLite)');
  await wb.tab('Overview').focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(wb.tab('Overview')).toBeFocused();
  // Opened by its button, closed by its × button: focus goes back to the button.
  await page.getByTestId('backup-open').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('backup-open')).toBeFocused();
});
