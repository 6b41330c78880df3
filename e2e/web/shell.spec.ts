import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';

test.describe('workbench shell (serve mode)', () => {
  test('loads, lists the demo connection and shows its overview', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    await wb.select('Demo (SQLite)');
    await expect(wb.tab('Overview')).toHaveAttribute('aria-selected', 'true');
    const overview = page.getByTestId('overview');
    await expect(overview.getByTestId('overview-target')).toContainText('tenants.sqlite');
    await expect(overview.getByTestId('overview-pool')).toContainText('pool_size');
    await expect(overview.getByTestId('overview-pool')).toContainText('5');
    await page.screenshot({ path: screenshotPath('shell-overview-light'), fullPage: true });
  });

  test('follows a dark OS theme and can be pinned to light', async ({ page, serve }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(14, 16, 20)');
    await page.screenshot({ path: screenshotPath('shell-overview-dark'), fullPage: true });
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    await expect.poll(bg).toBe('rgb(245, 246, 248)');
  });

  test('follows the OS theme live while set to System, and a pinned theme stays', async ({ page, serve }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    const wb = new Workbench(page);
    await wb.open(serve.url);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await bg()).toBe('rgb(245, 246, 248)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect.poll(bg).toBe('rgb(14, 16, 20)');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-theme', 'light');
    // The pinned choice is remembered: a reload starts in it, whatever the OS says.
    await page.reload();
    await expect(page.getByTestId('app')).toBeVisible();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await bg()).toBe('rgb(245, 246, 248)');
  });

  test('before any script runs, a dark OS gets a dark page, not a white flash', async ({ browser, serve }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(serve.url);
    const [r, g, b] = (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).match(/\d+/g)!.map(Number);
    expect(Math.max(r!, g!, b!)).toBeLessThan(64);
    await context.close();
  });

  test('every section tab is reachable by keyboard and has an accessible name', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    const names = await page.getByRole('tab').allTextContents();
    expect(names).toEqual(['Overview', 'Pool', 'Checks', 'Matrix', 'Types', 'Export']);
    // One Tab stop for the whole tab list (the selected tab); arrows, Home and End move and select.
    await expect(page.locator('[role="tablist"][aria-label="Sections"] [tabindex="0"]')).toHaveCount(1);
    await wb.tab('Overview').focus();
    await page.keyboard.press('ArrowRight');
    await expect(wb.tab('Pool')).toHaveAttribute('aria-selected', 'true');
    await expect(wb.tab('Pool')).toBeFocused();
    await expect(wb.tab('Pool')).toHaveAttribute('tabindex', '0');
    await expect(wb.tab('Overview')).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('End');
    await expect(wb.tab('Export')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(wb.tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await expect(wb.tab('Overview')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(wb.tab('Export')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await expect(wb.tab('Overview')).toHaveAttribute('aria-selected', 'true');
    // A browser keeps Ctrl+1…6 for its own tabs: serve mode neither takes nor offers them.
    await page.keyboard.press('Control+2');
    await expect(wb.tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await expect(wb.tab('Pool')).not.toHaveAttribute('title', /Ctrl/);
    await page.keyboard.press('?');
    const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(list).toBeVisible();
    const keys = await list.locator('kbd').allTextContents();
    for (const k of ['R', 'S', '[ / ]', '← / →', 'Ctrl+K', 'Alt+↑ / Alt+↓', '?']) expect(keys).toContain(k);
    expect(keys.filter((k) => /Ctrl\+[1-9]/.test(k))).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(list).toBeHidden();
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('searchbox', { name: 'Search connections' })).toBeFocused();
    await page.keyboard.type('zzz-no-match');
    await expect(page.getByText('No connection matches')).toBeVisible();
  });

  test('only the main area scrolls: the hidden table captions of a long section never stretch the page', async ({ page, serve }) => {
    // A short window makes every section long: captions further down than the window is high.
    await page.setViewportSize({ width: 1360, height: 480 });
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    const pageOverflow = () => page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);
    await wb.openSection('Checks');
    await expect(page.getByRole('list', { name: 'Check results' })).toBeVisible();
    await expect(page.locator('.main-body caption.sr-only').first()).toBeAttached();
    expect(await pageOverflow()).toBe(0);
    await wb.openSection('Matrix');
    await expect(page.getByTestId('matrix-grid')).toBeVisible();
    expect(await pageOverflow()).toBe(0);
  });

  test('the token leaves the address bar and the page storage once loaded, and a reload still works', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    await expect.poll(() => page.url()).toBe(`${serve.origin}/`);
    const stored = await page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, cookie: document.cookie }));
    expect(stored).not.toContain(serve.token);
    await page.reload();
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    expect(page.url()).toBe(`${serve.origin}/`);
  });

  test('the page refuses to load without the token', async ({ page, serve }) => {
    const response = await page.goto(`${serve.origin}/`);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Token required' })).toBeVisible();
  });

  test('a server restarted on the same port (a new token) is recognised: the page says to open the new address', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    const oldToken = serve.token;
    await serve.restart({ samePort: true });
    expect(serve.token).not.toBe(oldToken);
    const banner = page.getByTestId('bridge-replaced');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Open the new address printed in the terminal');
    await expect(page.getByTestId('bridge-lost')).toBeHidden();
    await page.screenshot({ path: screenshotPath('shell-server-replaced') });
    await wb.open(serve.url);
    await expect(page.getByTestId('bridge-replaced')).toBeHidden();
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
  });

  test('saved connections survive a restart on the same data directory', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    const oldToken = serve.token;
    await serve.restart();
    expect(serve.token).not.toBe(oldToken);
    await wb.open(serve.url);
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    await expect(page.getByTestId('connection-item')).toHaveCount(1);
  });
});
