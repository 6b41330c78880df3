import { test, expect, screenshotPath } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';

/** The sidebar's groups, driven by the keyboard as the ARIA tree pattern describes. */
test.describe('groups in the sidebar', () => {
  test('arrow keys, Home/End, Left/Right, Enter, type-ahead, search inside groups, move and rename by keyboard', async ({ page, serve }) => {
    const pg = (name: string, group: string, environment: 'production' | 'local' = 'local') =>
      api(serve, 'connections.create', { profile: { name, backend: 'postgresql', host: '127.0.0.1', database: name.toLowerCase().replace(/\W+/g, '_'), user: 'postgres', group, service: { environment } } });
    await pg('Orders EU', 'Production/EU', 'production');
    await pg('Billing', 'Production/EU', 'production');
    await pg('Orders US', 'Production');
    await pg('Scratch', 'dev');

    const wb = new Workbench(page);
    await wb.open(serve.url);
    const tree = wb.connectionList;
    const group = (name: string) => tree.getByRole('treeitem', { name: new RegExp(`^${name}, group`) });
    await expect(group('Production')).toHaveAttribute('aria-expanded', 'true');

    // Into the tree with Tab: one stop, on the selected connection.
    await page.getByTestId('connection-search').focus();
    // The sidebar's buttons come first; the tree itself is a single Tab stop.
    for (let i = 0; i < 8 && (await tree.locator('[role="treeitem"]:focus').count()) === 0; i++) await page.keyboard.press('Tab');
    await expect(wb.connection('Demo (SQLite)')).toBeFocused();

    await page.keyboard.press('Home');
    await expect(group('dev')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(wb.connection('Scratch')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(group('Production')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(group('EU')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(group('EU')).toHaveAttribute('aria-expanded', 'false');
    await expect(wb.connection('Billing')).toBeHidden();
    await page.keyboard.press('ArrowRight');
    await expect(group('EU')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(wb.connection('Orders EU')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(group('EU')).toBeFocused();
    await page.keyboard.press('End');
    await expect(wb.connection('Demo (SQLite)')).toBeFocused();
    // Type-ahead: "b" jumps to Billing (and opens nothing: it is already visible).
    await page.keyboard.press('b');
    await expect(wb.connection('Billing')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(wb.title).toHaveText('Billing');
    await expect(wb.connection('Billing')).toHaveAttribute('aria-selected', 'true');

    // Close Production from inside it: Left goes to the folder, closes an open folder, then goes up; the state survives a reload.
    await page.keyboard.press('ArrowLeft');
    await expect(group('EU')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(group('EU')).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('ArrowLeft');
    await expect(group('Production')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(group('Production')).toHaveAttribute('aria-expanded', 'false');
    await page.screenshot({ path: screenshotPath('groups-collapsed') });
    await page.reload();
    await expect(group('Production')).toHaveAttribute('aria-expanded', 'false');

    // Search shows matching connections inside their groups, opened for the occasion.
    await page.getByTestId('connection-search').fill('orders');
    await expect(tree.getByRole('treeitem')).toHaveCount(4);
    await expect(group('EU')).toHaveAttribute('aria-level', '2');
    await expect(wb.connection('Orders EU')).toBeVisible();
    await expect(wb.connection('Scratch')).toBeHidden();
    await page.getByTestId('connection-search').fill('');

    // Move Scratch into a new group with the context-menu key and the dialog, all by keyboard.
    await wb.connection('Scratch').focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'Move to group…' })).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Move “Scratch” to a group/ });
    await expect(dialog.getByLabel('Group')).toBeFocused();
    await dialog.getByLabel('Group').fill('Staging/Sandbox');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    // Focus comes back to the row the menu was opened on.
    await expect(wb.connection('Scratch')).toBeFocused();
    await expect(group('Sandbox')).toHaveAttribute('aria-level', '2');
    await expect(wb.connection('Scratch')).toHaveAttribute('aria-level', '3');
    await expect(group('dev')).toHaveCount(0);

    // Rename a group from its context menu: what is inside moves along.
    await group('Staging').focus();
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Rename group…' })).toBeFocused();
    await page.keyboard.press('Enter');
    const rename = page.getByRole('dialog', { name: /Rename group “Staging”/ });
    await rename.getByLabel('New name').fill('QA');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename).toBeHidden();
    await expect(group('QA')).toBeVisible();
    const scratch = (await api(serve, 'connections.list', {})).find((c) => c.name === 'Scratch')!;
    expect(scratch.group).toBe('QA/Sandbox');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('groups-dark') });
  });
});
