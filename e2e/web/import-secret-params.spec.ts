import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';

const SSL_PASSWORD = 'E2e-key-passphrase-61';
const TYPED_PASSPHRASE = 'E2e-typed-key-pass-73';

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

test.describe('secret parameters: imported encrypted, listed by name in the form', () => {
  test('pg_service.conf with sslpassword: the preview names it, the import stores it, the form shows it saved, forgets it and takes a new one as Key passphrase', async ({ page, serve }) => {
    await page.setViewportSize({ width: 1400, height: 950 });
    // Everything the renderer receives, to check the value never reaches it.
    const received: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await page.getByRole('button', { name: 'Import connections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import connections' });
    // A .env file names the secret parameter it carries, never the value (its import stores it like a pasted URL).
    await dialog.getByRole('tab', { name: '.env file' }).click();
    await dialog.getByTestId('import-env-text').fill(`DATABASE_URL=postgresql+asyncpg://app@db.internal/orders?sslpassword=${SSL_PASSWORD}\n`);
    await expect(dialog.getByTestId('import-env-secret-params')).toHaveText(' · sslpassword given: stored encrypted');
    await expect(dialog.getByTestId('import-env-candidates')).not.toContainText(SSL_PASSWORD);
    await dialog.getByTestId('import-env-text').fill('');
    await dialog.getByRole('tab', { name: 'Client files' }).click();
    await dialog.getByTestId('import-kind-pgservice').check();
    const conf = `[billing]\nhost=billing.internal\ndbname=billing\nuser=ops\nsslmode=verify-full\nsslkey=/keys/ops.key\nsslpassword=${SSL_PASSWORD}\n`;
    await dialog.getByTestId('import-source-file').setInputFiles({ name: 'pg_service.conf', mimeType: 'text/plain', buffer: Buffer.from(conf) });
    const row = dialog.locator('[data-testid="import-row"][data-name="billing"]');
    await expect(row.getByTestId('import-row-secret-params')).toHaveText('sslpassword found: stored encrypted with the passwords');
    await expect(dialog).not.toContainText(SSL_PASSWORD);
    await dialog.getByTestId('import-with-passwords').check();
    await expect(dialog.getByTestId('import-with-passwords').locator('xpath=..')).toContainText('Import passwords and secret parameters (1 of the selected have some)');
    await expect(dialog.getByTestId('secret-storage-note')).toBeVisible();
    await shootBoth(page, 'import-secret-params-preview');
    await dialog.getByRole('button', { name: 'Import 1 selected' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: '1 secret parameter stored encrypted' })).toBeVisible();
    await expect(wb.title).toHaveText('billing');

    const id = (await api(serve, 'connections.list', {})).find((c) => c.name === 'billing')!.id;
    expect((await api(serve, 'connections.get', { id })).options.secretParams).toEqual(['sslpassword']);

    // The form lists it by name: saved, encrypted, with Replace and Forget.
    await page.getByTestId('action-edit').click();
    const form = page.getByTestId('connection-form');
    const field = form.getByTestId('form-secret-param-sslpassword');
    await expect(field).toHaveAttribute('data-state', 'saved');
    await expect(field).toContainText('Saved, encrypted');
    await expect(form.getByRole('button', { name: 'Replace the saved sslpassword' })).toBeVisible();
    await field.scrollIntoViewIfNeeded();
    await shootBoth(page, 'form-secret-params-saved');
    await form.getByRole('button', { name: 'Replace the saved sslpassword' }).click();
    await expect(form.getByTestId('form-secret-param-input-sslpassword')).toHaveValue('');
    await form.getByRole('button', { name: 'Keep the saved sslpassword' }).click();
    await form.getByRole('button', { name: 'Forget the saved sslpassword' }).click();
    await expect(field).toHaveAttribute('data-state', 'forget');
    await expect(field).toContainText('Forgotten on Save');
    await form.getByTestId('form-save').click();
    await expect(form).toBeHidden();
    expect((await api(serve, 'connections.get', { id })).options.secretParams).toBeUndefined();

    // The client key is still set, so the dialog offers a new passphrase: typed, sent on Save, stored encrypted.
    await page.getByTestId('action-edit').click();
    await expect(form.getByTestId('form-secret-param-sslpassword')).toHaveCount(0);
    const typed = form.getByTestId('form-key-passphrase');
    await expect(typed).toHaveAttribute('type', 'password');
    await expect(form.getByLabel('Key passphrase (optional)')).toBeVisible();
    await typed.fill(TYPED_PASSPHRASE);
    await typed.scrollIntoViewIfNeeded();
    await shootBoth(page, 'form-key-passphrase-new');
    await form.getByTestId('form-save').click();
    await expect(form).toBeHidden();
    const after = await api(serve, 'connections.get', { id });
    expect(after.options.secretParams).toEqual(['sslpassword']);
    expect(after.options.params ?? {}).toEqual({});
    await page.getByTestId('action-edit').click();
    const savedKey = form.getByTestId('form-secret-param-sslpassword');
    await expect(savedKey).toHaveAttribute('data-state', 'saved');
    await expect(savedKey).toContainText('Key passphrase');
    await expect(form.getByTestId('form-key-passphrase')).toHaveCount(0);
    await savedKey.scrollIntoViewIfNeeded();
    await shootBoth(page, 'form-key-passphrase-saved');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toBeHidden();

    for (const frame of received) {
      expect(frame.includes(SSL_PASSWORD), 'a frame sent to the renderer holds the secret').toBe(false);
      expect(frame.includes(TYPED_PASSPHRASE), 'a frame sent to the renderer holds the typed passphrase').toBe(false);
    }
    expect(received.length).toBeGreaterThan(5);
  });
});
