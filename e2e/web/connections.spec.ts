import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';
import { withMysqlUser } from '../fixtures/mysql-user';
import { api } from '../fixtures/api';

const PG_URL = 'postgresql+asyncpg://postgres@127.0.0.1:5432/test';

test.describe('saved connections (serve mode)', () => {
  test('imports a PostgreSQL URL, tests it and shows every stage with the server version', async ({ page, serve }) => {
    const wb = new Workbench(page);
    const cx = new ConnectionsPage(page);
    await wb.open(serve.url);
    await cx.importUrl(PG_URL, 'Local PostgreSQL');
    await expect(wb.connection('Local PostgreSQL')).toBeVisible();
    await expect(page.getByTestId('connection-url')).toHaveText(/^postgresql\+asyncpg:\/\/postgres@127\.0\.0\.1:5432\/test/);
    await expect(cx.testPanel.getByTestId('test-empty')).toBeVisible();

    await cx.runTest();
    await cx.waitForResult();
    for (const id of ['resolve', 'tcp', 'tls', 'auth', 'query']) {
      await expect(cx.stage(id)).toHaveAttribute('data-status', 'ok');
      await expect(cx.stage(id).locator('.cx-stage-ms')).toHaveText(/\d+(\.\d)? ms/);
    }
    await expect(cx.fact('server')).toContainText(/PostgreSQL \d+\.\d+/);
    await expect(cx.fact('auth')).toContainText('trust');
    await expect(cx.fact('tls')).toContainText('not offered');
    await expect(cx.fact('latency')).toContainText('5 pings');
    await expect(cx.fact('pooler')).toContainText('none: PostgreSQL answers directly');
    await page.screenshot({ path: screenshotPath('connections-test-pg-light'), fullPage: true });

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(14, 16, 20)');
    await page.screenshot({ path: screenshotPath('connections-test-pg-dark'), fullPage: true });
  });

  test('a wrong password shows the authentication hint and never the password', async ({ page, serve }) => {
    await withMysqlUser(async (user) => {
      const wb = new Workbench(page);
      const cx = new ConnectionsPage(page);
      await wb.open(serve.url);
      const wrong = `Wrong-${randomBytes(4).toString('hex')}`;
      await cx.importUrl(`mariadb+asyncmy://${user}:${wrong}@127.0.0.1:3306/test`, 'MariaDB wrong password');
      await expect(page.getByTestId('connection-url')).toContainText(`${user}:***@127.0.0.1:3306/test`);
      await cx.runTest();
      await cx.waitForResult();
      await expect(cx.stage('auth')).toHaveAttribute('data-status', 'failed');
      await expect(cx.stage('query')).toHaveAttribute('data-status', 'skipped');
      await expect(cx.failure).toContainText('Authentication failed');
      await expect(cx.failure).toContainText('(1045)');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: screenshotPath('connections-wrong-password-dark'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'light' });
      await expect(cx.failure.getByTestId('test-hint')).toContainText('Check the password');
      expect(await page.content()).not.toContain(wrong);
      await page.screenshot({ path: screenshotPath('connections-wrong-password'), fullPage: true });
    });
  });

  test('a saved connection and its encrypted password survive a restart on the same data directory', async ({ page, serve }) => {
    await withMysqlUser(async (user, password) => {
      const wb = new Workbench(page);
      const cx = new ConnectionsPage(page);
      await wb.open(serve.url);
      await cx.importUrl(`mariadb+asyncmy://${user}:${encodeURIComponent(password)}@127.0.0.1:3306/test`, 'MariaDB kept');
      await serve.restart();
      await wb.open(serve.url);
      await expect(wb.connection('MariaDB kept')).toBeVisible();
      await wb.select('MariaDB kept');
      await expect(page.getByTestId('overview')).toContainText('saved, encrypted');
      await cx.runTest();
      await cx.waitForResult();
      await expect(cx.testPanel.getByTestId('test-ok')).toBeVisible();
      await expect(cx.fact('server')).toContainText(/MariaDB \d+\.\d+\.\d+/);
      await expect(cx.fact('auth')).toContainText('mysql_native_password');
    });
  });

  test('the URL box parses as you type and underlines the part that is wrong', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await page.getByRole('button', { name: 'Import connections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import connections' });
    const input = dialog.getByLabel('Connection URL or libpq string');
    await input.fill('postgresql+asyncpg://app:s3cret@db.example.com:99999/orders');
    await expect(dialog.getByTestId('import-url-error')).toHaveAttribute('data-part', 'port');
    await expect(dialog.getByTestId('import-url-error-mark')).toHaveText('99999');
    await expect(dialog.getByRole('alert')).toContainText('"99999" is not a port number.');
    await expect(dialog.getByTestId('import-url-error')).not.toContainText('s3cret');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('connections-import-url-error-dark') });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(dialog.getByRole('button', { name: 'Save connection' })).toBeDisabled();
    await input.fill('postgresql+asyncpg://app:s3cret@db.example.com:6432/orders?prepared_statement_cache_size=0');
    await expect(dialog.getByTestId('import-url-password')).toHaveText(/given: it will be saved encrypted/);
    await expect(dialog.getByTestId('import-url-preview')).toContainText('prepared_statement_cache_size=0');
    await expect(dialog.getByTestId('secret-storage-note')).toContainText('Weaker than the OS keychain');
    await page.screenshot({ path: screenshotPath('connections-import-url') });
  });

  // Issue 15 item 1: a password (or sslpassword) given in the URL's query was kept as a plain parameter.
  test('secrets in a pasted URL query are hidden as typed, saved encrypted and shown masked', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await page.getByRole('button', { name: 'Import connections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import connections' });
    await dialog.getByLabel('Connection URL or libpq string').fill('postgresql+asyncpg://app@db.example.com/orders?password=S3cret-q&sslpassword=kp-secret-9');
    await expect(dialog.getByTestId('import-url-password')).toHaveText(/given: it will be saved encrypted/);
    await expect(dialog.getByTestId('import-url-secret-params')).toHaveText('sslpassword: saved encrypted, never shown');
    await expect(dialog).not.toContainText('S3cret-q');
    await expect(dialog).not.toContainText('kp-secret-9');
    await page.screenshot({ path: screenshotPath('connections-import-url-query-secrets') });
    await dialog.getByLabel('Name', { exact: true }).fill('Query secrets');
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('connection-url')).toContainText('postgresql+asyncpg://app:***@db.example.com/orders?sslpassword=***');
    await expect(page.getByTestId('action-copy-url-password')).toBeVisible();
    const saved = (await api(serve, 'connections.list', {})).find((c) => c.name === 'Query secrets')!;
    const profile = await api(serve, 'connections.get', { id: saved.id });
    expect(profile).toMatchObject({ hasPassword: true, passwordMode: 'saved', options: { params: {}, secretParams: ['sslpassword'] } });
    expect(JSON.stringify(profile)).not.toMatch(/S3cret-q|kp-secret-9/);
  });

  test('imports the connections of a .env file, each with its own checkbox', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await page.getByRole('button', { name: 'Import connections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import connections' });
    await dialog.getByRole('tab', { name: '.env file' }).click();
    await dialog.getByLabel('.env contents').fill(
      ['DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test', 'TEST_DATABASE_URL=sqlite+aiosqlite:///./test.db', 'BROKEN_URL=mysql+aiomysql://u@h:notaport/db', 'SECRET_KEY=abc'].join('\n'),
    );
    const list = dialog.getByRole('list', { name: 'Connections found' });
    await expect(list.getByRole('listitem')).toHaveCount(3);
    await expect(list).toContainText('"notaport" is not a port number');
    await dialog.getByRole('checkbox', { name: /Import TEST_DATABASE_URL/ }).uncheck();
    await dialog.getByRole('button', { name: 'Import 1 selected' }).click();
    await expect(dialog).toBeHidden();
    await expect(wb.connection('DATABASE_URL')).toBeVisible();
    await expect(page.getByTestId('connection-item')).toHaveCount(2);
  });

  test('new connection by keyboard, inline validation, then edit, duplicate and delete with confirmation', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await expect(wb.connection('Demo (SQLite)')).toBeVisible();
    await page.keyboard.press('Control+n');
    const form = page.getByRole('dialog', { name: 'New connection' });
    await expect(form).toBeVisible();
    await form.getByLabel('Port', { exact: true }).fill('abc');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(form.getByText('Give the connection a name.')).toBeVisible();
    await expect(form.getByText('Port must be a whole number from 1 to 65535, not "abc".')).toBeVisible();
    await expect(form.getByLabel('Port', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.screenshot({ path: screenshotPath('connections-form-validation') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('connections-form-validation-dark') });
    await page.emulateMedia({ colorScheme: 'light' });
    await form.getByLabel('Name', { exact: true }).fill('Orders staging');
    await form.getByLabel('Port', { exact: true }).fill('5432');
    await form.getByLabel('Database', { exact: true }).fill('test');
    await form.getByLabel('User', { exact: true }).fill('postgres');
    await form.getByLabel('Environment', { exact: true }).selectOption('production');
    await form.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(form.getByTestId('form-test-result').getByTestId('test-ok')).toBeVisible({ timeout: 30_000 });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(form).toBeHidden();
    await expect(wb.title).toHaveText('Orders staging');
    await expect(wb.connection('Orders staging')).toHaveClass(/production/);

    await page.getByTestId('action-duplicate').click();
    await expect(wb.title).toHaveText('Orders staging (copy)');

    await page.getByTestId('action-edit').click();
    const edit = page.getByRole('dialog', { name: /^Edit/ });
    await edit.getByLabel('Backend', { exact: true }).selectOption('sqlite');
    await expect(edit.getByLabel('Database file', { exact: true })).toBeVisible();
    await expect(edit.getByLabel('Host', { exact: true })).toHaveCount(0);
    await edit.getByLabel('Database file', { exact: true }).fill(':memory:');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByTestId('overview-target')).toHaveText(':memory:');

    await page.getByTestId('action-delete').click();
    const confirm = page.getByRole('dialog', { name: /Delete “Orders staging \(copy\)”/ });
    await expect(confirm.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
    await confirm.getByLabel(/Type its name to confirm/).fill('Orders staging (copy)');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(wb.connection('Orders staging (copy)')).toHaveCount(0);
    await expect(wb.connection('Orders staging')).toBeVisible();
  });

  test('finds the local servers and adds one in one click', async ({ page, serve }) => {
    const wb = new Workbench(page);
    await wb.open(serve.url);
    await page.getByRole('button', { name: 'Find local servers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Servers on this machine' });
    const pg = dialog.locator('[data-endpoint="127.0.0.1:5432"]');
    await expect(pg).toContainText('PostgreSQL');
    await expect(dialog.locator('[data-endpoint="127.0.0.1:3306"]')).toContainText(/MariaDB|MySQL/);
    await page.screenshot({ path: screenshotPath('connections-discovery') });
    await pg.getByRole('button', { name: /^Add/ }).click();
    await expect(dialog).toBeHidden();
    await expect(wb.title).toHaveText(/^PostgreSQL [\d.]+ \(127\.0\.0\.1:5432\)$/);
  });

  test('a test stuck on a silent server can be cancelled, and Alt+T starts one', async ({ page, serve }) => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    try {
      const wb = new Workbench(page);
      const cx = new ConnectionsPage(page);
      await wb.open(serve.url);
      await cx.importUrl(`postgresql+psycopg://app@127.0.0.1:${port}/app?connect_timeout=60`, 'Silent server');
      await page.keyboard.press('Alt+t');
      await expect(cx.stage('tls')).toHaveAttribute('data-status', 'running');
      await expect(cx.stage('tcp')).toHaveAttribute('data-status', 'ok');
      await cx.testPanel.getByRole('button', { name: 'Cancel' }).click();
      await expect(cx.testPanel.getByTestId('test-cancelled')).toBeVisible();
      await expect(cx.stage('tls')).toHaveAttribute('data-status', 'cancelled');
      await expect(cx.stage('auth')).toHaveAttribute('data-status', 'skipped');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: screenshotPath('connections-test-cancelled-dark') });
      await page.keyboard.press('?');
      const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(shortcuts).toContainText('New connection');
      await expect(shortcuts).toContainText('Alt+T');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
