import type { Page } from '@playwright/test';
import { test, expect, screenshotPath, type ServeInstance } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { withMysqlUser } from '../fixtures/mysql-user';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';
import { ChecksPage } from '../pages/checks';
import { PoolPage } from '../pages/pool';
import { PasswordPromptPage } from '../pages/password-prompt';

/** Saves a MariaDB connection that asks for its password on connect, and shows it. */
async function openAsking(page: Page, serve: ServeInstance, name: string, user: string): Promise<{ wb: Workbench; prompt: PasswordPromptPage }> {
  await api(serve, 'connections.create', {
    profile: { name, backend: 'mariadb', host: '127.0.0.1', port: 3306, user, database: 'test', passwordMode: 'ask', tls: { mode: 'disable' } },
  });
  const wb = new Workbench(page);
  await wb.open(serve.url);
  await wb.select(name);
  return { wb, prompt: new PasswordPromptPage(page) };
}

test.describe('"ask on connect": one password prompt for the test, the pool and the checks (serve mode)', () => {
  test('the connection test asks, runs with the password given, and Cancel runs nothing', async ({ page, serve }) => {
    await withMysqlUser(async (user, password) => {
      const { prompt } = await openAsking(page, serve, 'Asks (test)', user);
      const cx = new ConnectionsPage(page);
      await cx.runTest();
      await expect(prompt.submit).toHaveText('Test');
      await prompt.cancel();
      await expect(cx.testPanel.getByTestId('test-empty')).toBeVisible();

      await cx.runTest();
      await prompt.answer(password);
      await cx.waitForResult();
      await expect(cx.stage('auth')).toHaveAttribute('data-status', 'ok');
      await expect(cx.fact('server')).toContainText('MariaDB');
      await expect(page.locator('body')).not.toContainText(password);
    });
  });

  test('the checks ask instead of running with an empty password', async ({ page, serve }) => {
    await withMysqlUser(async (user, password) => {
      const { wb, prompt } = await openAsking(page, serve, 'Asks (checks)', user);
      const checks = new ChecksPage(page);
      await wb.openSection('Checks');
      await expect(page.getByTestId('checks-empty')).toBeVisible();
      await checks.runButton.click();
      await expect(prompt.submit).toHaveText('Run checks');
      await expect(prompt.submit).toBeDisabled();
      await page.screenshot({ path: screenshotPath('password-prompt-checks-light'), fullPage: true });
      await prompt.answer(password);
      await expect(checks.status).toContainText('Last run just now');
      await expect(page.getByTestId('checks-error')).toHaveCount(0);
      await expect(page.getByTestId('facts-panel')).toContainText('MariaDB');

      // R asks again: the password was not kept.
      await page.keyboard.press('r');
      await expect(prompt.dialog).toBeVisible();
      await expect(prompt.input).toHaveValue('');
      await prompt.cancel();
      await expect(page.locator('body')).not.toContainText(password);
    });
  });

  test('opening the pool asks, and the pool opens with the password given', async ({ page, serve }) => {
    await withMysqlUser(async (user, password) => {
      const { wb, prompt } = await openAsking(page, serve, 'Asks (pool)', user);
      await wb.openSection('Pool');
      await expect(page.getByTestId('pool-closed')).toBeVisible();
      await page.getByRole('button', { name: 'Open pool' }).click();
      await expect(prompt.submit).toHaveText('Open pool');
      await prompt.answer(password);
      await expect(page.getByTestId('pool-view')).toBeVisible();
      await expect(new PoolPage(page).status).toContainText('Pool size');
      await expect(page.locator('body')).not.toContainText(password);
    });
  });
});
