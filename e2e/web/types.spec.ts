import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { TypesPage } from '../pages/types';

test.describe('Types view (serve mode, demo SQLite connection)', () => {
  test('maps the demo schema: grid, SQLite/MySQL portability summary, filter by unsupported', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await wb.openSection('Types');
    const types = new TypesPage(page);
    await expect(page.getByTestId('types-empty')).toContainText('Map this schema');
    await types.mapTypes();

    await expect(page.getByTestId('summary-sqlite')).toContainText("It is SQLite: what do SQLAlchemy's types keep?");
    await expect(types.answer('sqlite')).toHaveText('All but 3 columns');
    await expect(types.answer('mysql')).toHaveText('No');
    await expect(page.getByTestId('summary-mysql')).toContainText('tenants.timezone');
    await expect(page.getByTestId('summary-mysql-unsupported')).toHaveText('1 unsupported');
    await expect(types.count).toHaveText('41 columns');
    await expect(types.row('api_keys', 'key_id')).toBeVisible();
    // Virtualised: only the rows in view (and a few more) are in the DOM.
    expect(await types.rows.count()).toBeLessThan(41);
    await page.screenshot({ path: screenshotPath('types-demo-light'), fullPage: true });

    await types.verdictFilter('unsupported').click();
    await expect(types.rows).toHaveCount(1);
    await expect(types.count).toHaveText('1 of 41 columns');
    const timezone = types.row('tenants', 'timezone');
    await expect(timezone.getByTestId('cell-mysql')).toContainText('cannot create');
    await timezone.click();
    await expect(types.detail.getByTestId('detail-mysql')).toContainText('VARCHAR requires a length on dialect mysql');
    await expect(types.detail.getByTestId('detail-mysql')).toContainText('Fix:');
    await types.detail.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('types-unsupported-detail') });

    await types.verdictFilter('lossy').click();
    await page.getByTestId('types-target').selectOption('sqlite');
    await expect(types.rows).toHaveCount(3);
    await types.search.fill('key_id');
    await expect(types.rows).toHaveCount(1);
    await types.search.fill('zzz');
    await expect(page.getByTestId('types-no-rows')).toBeVisible();
  });

  test('keyboard moves through the grid, and models export as portable Python', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await wb.openSection('Types');
    const types = new TypesPage(page);
    await types.mapTypes();
    await types.grid.focus();
    await page.keyboard.press('ArrowDown');
    await expect(types.detail).toContainText('api_keys.id');
    await page.keyboard.press('End');
    await expect(types.detail).toContainText('users.avatar');
    await page.keyboard.press('Home');
    await expect(types.detail).toContainText('api_keys.id');

    await page.getByTestId('types-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export SQLAlchemy models' });
    await dialog.getByTestId('models-generate').click();
    const code = dialog.getByTestId('models-code');
    await expect(code).toContainText('class Base(DeclarativeBase):');
    await expect(code).toContainText("timezone: Mapped[str] = mapped_column(Text()");
    await expect(code).not.toContainText('dialects');
    await dialog.getByTestId('models-variant').selectOption('faithful');
    await dialog.getByTestId('models-generate').click();
    await expect(code).toContainText('CheckConstraint(');
    await page.screenshot({ path: screenshotPath('types-models-dialog'), fullPage: true });

    // The choices outlive the dialog and the section: search, selected row and the model variant.
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await types.search.fill('avatar');
    await types.row('users', 'avatar').click();
    await expect(types.detail).toContainText('users.avatar');
    await wb.openSection('Checks');
    await wb.openSection('Types');
    await expect(types.search).toHaveValue('avatar');
    await expect(types.rows).toHaveCount(1);
    await expect(types.detail).toContainText('users.avatar');
    await page.getByTestId('types-export').click();
    await expect(page.getByRole('dialog', { name: 'Export SQLAlchemy models' }).getByTestId('models-variant')).toHaveValue('faithful');
  });

  test('dark theme renders the summary and the grid', async ({ page, serve }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await wb.openSection('Types');
    const types = new TypesPage(page);
    await types.mapTypes();
    await types.search.fill('last_login');
    await types.row('users', 'last_login_at').click();
    await expect(types.detail.getByTestId('detail-sqlite')).toContainText('time zone');
    const bg = await types.grid.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(22, 25, 32)');
    await page.screenshot({ path: screenshotPath('types-demo-dark'), fullPage: true });
    await types.detail.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('types-detail-dark') });
  });
});
