import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';
import { writeDbeaverWorkspace } from '../../src-main/core/connections/import/fixtures/stores';

const CREDS = {
  'postgres-jdbc-18f3a0c2b1e-6a1f2c3d4e5f6a7b': { '#connection': { user: 'orders_app', password: 'E2e-pr0d-pw' } },
  'postgres-jdbc-18f3a0c2b1e-5e6f7a8b9c0d1e2f': { '#connection': { user: 'orders_app' } },
  'mysql8-18f3a0c2b1e-1b2c3d4e5f6a7b8c': { '#connection': { user: 'root', password: 'shop-pw' } },
};

test.describe('import from other tools', () => {
  test('a DBeaver workspace: preview with a checkbox per connection, duplicates and SSH flagged, then import with passwords', async ({ page, serve }) => {
    const dir = mkdtempSync(join(tmpdir(), 'poolscope-e2e-dbeaver-'));
    try {
      writeDbeaverWorkspace(dir, CREDS);
      const wb = new Workbench(page);
      await wb.open(serve.url);
      await page.getByRole('button', { name: 'Import connections' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import connections' });
      await dialog.getByRole('tab', { name: 'Other tools' }).click();
      await expect(dialog.getByTestId('import-kind-dbeaver')).toBeChecked();
      await dialog.getByTestId('import-source-file').setInputFiles([
        { name: 'data-sources.json', mimeType: 'application/json', buffer: readFileSync(join(dir, 'data-sources.json')) },
        { name: 'credentials-config.json', mimeType: 'application/octet-stream', buffer: readFileSync(join(dir, 'credentials-config.json')) },
      ]);
      const rows = dialog.getByTestId('import-row');
      await expect(rows).toHaveCount(6);
      const row = (name: string) => dialog.locator(`[data-testid="import-row"][data-name="${name}"]`);
      await expect(row('orders (prod)').getByTestId('import-row-password')).toHaveText('password available (credentials-config.json)');
      await expect(row('orders (prod)').getByTestId('import-row-ssh')).toContainText('ssh bastion.example.com:22 (public key, key /home/dev/.ssh/id_ed25519)');
      await expect(row('orders copy').getByTestId('import-row-duplicate')).toHaveText('same server as “orders (prod)” above');
      await expect(row('orders copy').getByTestId('import-row-check')).not.toBeChecked();
      await expect(row('erp').getByTestId('import-row-check')).toBeDisabled();
      await expect(row('erp').getByTestId('import-row-error')).toContainText('oracle/oracle_thin is not PostgreSQL');
      // The preview never carries a password, only that one is available.
      await expect(dialog).not.toContainText('E2e-pr0d-pw');
      await page.screenshot({ path: screenshotPath('import-dbeaver-preview') });

      await row('local cache').getByTestId('import-row-check').uncheck();
      await dialog.getByTestId('import-with-passwords').check();
      await expect(dialog.getByTestId('secret-storage-note')).toBeVisible();
      await dialog.getByRole('button', { name: 'Import 3 selected' }).click();
      await expect(dialog).toBeHidden();

      // Folders came along: Production › EU › orders (prod).
      await expect(wb.connectionList.getByRole('treeitem', { name: /^Production, group/ })).toBeVisible();
      await expect(wb.connectionList.getByRole('treeitem', { name: /^EU, group/ })).toHaveAttribute('aria-level', '2');
      await expect(wb.connection('orders (prod)')).toHaveAttribute('aria-level', '3');
      await expect(wb.title).toHaveText('orders (prod)');
      await expect(page.getByTestId('overview-notes')).toContainText('SSH tunnel');
      const saved = await api(serve, 'connections.list', {});
      const orders = saved.find((c) => c.name === 'orders (prod)')!;
      expect((await api(serve, 'connections.get', { id: orders.id })).hasPassword).toBe(true);
      expect(saved.map((c) => c.name).sort()).toEqual(['Demo (SQLite)', 'legacy crm', 'orders (prod)', 'shop'].sort());
      await page.screenshot({ path: screenshotPath('import-dbeaver-done') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file that is not what it claims changes nothing and says what to choose', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await page.getByRole('button', { name: 'Import connections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import connections' });
    await dialog.getByRole('tab', { name: 'Client files' }).click();
    await dialog.getByTestId('import-kind-pgservice').check();
    await dialog.getByTestId('import-source-file').setInputFiles({ name: 'pg_service.conf', mimeType: 'text/plain', buffer: Buffer.from('host=db\nport=5432\n') });
    await expect(dialog.getByRole('alert')).toContainText('has no [service] groups');
    await dialog.getByTestId('import-kind-pgpass').check();
    await dialog.getByTestId('import-source-path').fill('/definitely/not/here/.pgpass');
    await dialog.getByTestId('import-source-read').click();
    await expect(dialog.getByRole('alert')).toContainText('There is no file at /definitely/not/here/.pgpass');
    await page.screenshot({ path: screenshotPath('import-foreign-file') });
    expect((await api(serve, 'connections.list', {})).map((c) => c.name)).toEqual(['Demo (SQLite)']);
  });
});
