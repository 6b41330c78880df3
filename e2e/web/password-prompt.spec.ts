import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { test, expect, screenshotPath, type ServeInstance } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { withMysqlUser } from '../fixtures/mysql-user';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';
import { ChecksPage } from '../pages/checks';
import { PoolPage } from '../pages/pool';
import { TypesPage } from '../pages/types';
import { PasswordPromptPage } from '../pages/password-prompt';

/** Saves a MariaDB connection that asks for its password on connect, and shows it. */
async function openAsking(page: Page, serve: ServeInstance, name: string, user: string, database = 'test'): Promise<{ wb: Workbench; prompt: PasswordPromptPage }> {
  await api(serve, 'connections.create', {
    profile: { name, backend: 'mariadb', host: '127.0.0.1', port: 3306, user, database, passwordMode: 'ask', tls: { mode: 'disable' } },
  });
  const wb = new Workbench(page);
  await wb.open(serve.url);
  await wb.select(name);
  return { wb, prompt: new PasswordPromptPage(page) };
}

test.describe('"ask on connect": one password prompt for the test, the pool, the checks and the types (serve mode)', () => {
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

  test('Map column types asks, maps with the password given, and the password never reaches the page', async ({ page, serve }) => {
    await withMysqlUser(async (user, password) => {
      // A database of its own: the shared "test" database changes under other tests.
      const db = `poolscope_types_${randomBytes(4).toString('hex')}`;
      const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await admin.query(`CREATE DATABASE ${db}`);
      await admin.query(`CREATE TABLE ${db}.orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, placed_at DATETIME(6) NOT NULL, total DECIMAL(12, 2), status ENUM('new', 'paid'))`);
      await admin.query(`GRANT SELECT ON ${db}.* TO ?@?`, [user, '%']);
      const received: string[] = [];
      page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
      try {
        const { wb, prompt } = await openAsking(page, serve, 'Asks (types)', user, db);
        const types = new TypesPage(page);
        await wb.openSection('Types');
        // Opening the section asks for nothing and lists nothing: it says what Map column types will do.
        await expect(page.getByTestId('types-asks-secret')).toContainText('Map column types asks for it');
        await expect(prompt.dialog).toBeHidden();
        await expect(page.getByTestId('types-schemas-error')).toHaveCount(0);

        await types.run.click();
        await expect(prompt.submit).toHaveText('Map column types');
        await expect(prompt.dialog).toContainText('Used to read the schema this time only');
        await page.screenshot({ path: screenshotPath('password-prompt-types-ask-light'), fullPage: true });
        await prompt.cancel();
        await expect(page.getByTestId('types-empty')).toBeVisible();
        await expect(page.getByTestId('types-error')).toHaveCount(0);

        await types.run.click();
        await prompt.answer(password);
        await expect(types.grid).toBeVisible();
        await expect(types.count).toHaveText('4 columns');
        await expect(types.row('orders', 'status')).toBeVisible();
        await expect(page.getByTestId('types-schema')).toHaveValue(db);
        await expect(page.getByTestId('types-error')).toHaveCount(0);
        await page.screenshot({ path: screenshotPath('password-prompt-types-light'), fullPage: true });

        // Another schema asks again: the password was not kept.
        await page.getByTestId('types-schema').selectOption('test');
        await expect(prompt.dialog).toBeVisible();
        await expect(prompt.input).toHaveValue('');
        await prompt.cancel();
        await expect(types.grid).toBeVisible();

        await expect(page.locator('body')).not.toContainText(password);
        expect(received.length).toBeGreaterThan(0);
        expect(received.filter((f) => f.includes(password))).toEqual([]);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${db}`);
        await admin.end();
      }
    });
  });
});
