import { readFileSync } from 'node:fs';
import { test, expect, fullScreenshot } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';

test('export all connections with their passwords under a passphrase, delete one, restore it', async ({ page, serve }) => {
  const secret = 'Sup3r-Secret-Value!';
  await api(serve, 'connections.create', {
    profile: { name: 'Billing', backend: 'postgresql', host: 'billing.internal', user: 'svc', database: 'billing', passwordMode: 'saved', service: { environment: 'production' } },
    password: secret,
  });
  const wb = new Workbench(page);
  await wb.open(serve.url);
  await expect(wb.connection('Billing')).toBeVisible();
  await page.getByRole('button', { name: 'Backup' }).click();
  const dialog = page.getByRole('dialog', { name: 'Back up and restore connections' });
  await dialog.getByLabel('Include saved passwords, encrypted with a passphrase').check();
  await dialog.getByLabel('Passphrase (8+ characters)').fill('correct horse battery');
  await dialog.getByLabel('Repeat it').fill('correct horse battery');
  await fullScreenshot(page, 'backup-dialog');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export to a file' }).click();
  const download = await downloading;
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('"name": "Billing"');
  expect(text).not.toContain(secret);
  await dialog.getByRole('button', { name: 'Close' }).click();

  const [billing] = (await api(serve, 'connections.list', {})).filter((c) => c.name === 'Billing');
  await api(serve, 'connections.delete', { id: billing!.id });
  await expect(wb.connection('Billing')).toHaveCount(0);

  await page.getByRole('button', { name: 'Backup' }).click();
  await dialog.getByLabel('Back-up file to restore').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog.getByTestId('backup-error')).toContainText('enter the passphrase');
  await dialog.getByLabel(/Passphrase of/).fill('correct horse battery');
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(wb.connection('Billing')).toBeVisible();
  const restored = (await api(serve, 'connections.list', {})).find((c) => c.name === 'Billing')!;
  expect((await api(serve, 'connections.get', { id: restored.id })).hasPassword).toBe(true);
  await fullScreenshot(page, 'backup-restored');
});
