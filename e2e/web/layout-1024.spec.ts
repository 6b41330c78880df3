import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';

/**
 * The smallest supported window, 1024×700, in both themes: every section is shot (and looked at),
 * and the layout faults once seen there are held as numbers.
 */
const box = async (l: Locator) => (await l.boundingBox())!;
const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function shoot(page: Page, name: string, theme: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`layout-1024-${name}-${theme}`) });
}

for (const theme of ['light', 'dark'] as const) {
  test(`1024×700 (${theme}): nothing overlaps, cuts off or wastes the window`, async ({ page, serve }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.emulateMedia({ colorScheme: theme });
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await shoot(page, 'overview', theme);

    // Pool: the three charts line up, and an empty chart's axis does not say "1, 1, 0".
    await wb.openSection('Pool');
    await page.getByRole('button', { name: 'Open pool' }).click();
    const charts = page.getByTestId('pool-charts').locator('svg');
    await expect(charts).toHaveCount(3);
    const [c1, c2] = [await box(charts.nth(0)), await box(charts.nth(1))];
    expect(Math.abs(c1.y - c2.y)).toBeLessThan(2);
    expect(Math.abs(c1.height - c2.height)).toBeLessThan(2);
    for (let i = 0; i < 3; i++) {
      const labels = await charts.nth(i).locator('.chart-axis').allTextContents();
      expect(new Set(labels).size, `axis labels ${labels.join(', ')}`).toBe(labels.length);
    }
    // The poolclass choice reads whole.
    const poolclass = page.getByLabel('poolclass', { exact: false }).first();
    if (await poolclass.isVisible()) {
      expect(await poolclass.evaluate((el: HTMLSelectElement) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().width >= 200)).toBe(true);
    }
    await shoot(page, 'pool', theme);

    await wb.openSection('Checks');
    await expect(page.getByRole('list', { name: 'Check results' })).toBeVisible();
    await shoot(page, 'checks', theme);
    await wb.openSection('Matrix');
    await expect(page.getByTestId('matrix-grid')).toBeVisible();
    await shoot(page, 'matrix', theme);

    // Types: the grid takes the window's height, not a fixed box.
    await wb.openSection('Types');
    await page.getByTestId('types-run').click();
    const grid = page.getByRole('grid', { name: 'Column type mappings' });
    await expect(grid).toBeVisible();
    const g = await box(grid);
    expect(g.y + g.height).toBeGreaterThan(700 - 120);
    await shoot(page, 'types', theme);

    // Export: the title and the Python/Node switch side by side without touching; the code wraps and fills.
    await wb.openSection('Export');
    const code = page.getByTestId('export-code');
    await expect(code).toBeVisible();
    const title = await box(page.getByRole('heading', { name: 'Config export' }));
    const sw = await box(page.getByRole('radiogroup', { name: 'Service language' }));
    expect(overlap(title, sw)).toBe(false);
    expect(await code.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await shoot(page, 'export', theme);
  });
}
