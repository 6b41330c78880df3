import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';

test.describe('MariaDB behind a mysql+aiomysql:// connection (serve mode, real MariaDB)', () => {
  test('the test offers the fix in one click, and after it the connection is MariaDB', async ({ page, serve }) => {
    const wb = new Workbench(page);
    const cx = new ConnectionsPage(page);
    await wb.open(serve.url);
    await cx.importUrl('mysql+aiomysql://root@127.0.0.1:3306/test', 'Imported as MySQL');
    await expect(page.getByTestId('connection-url')).toHaveText(/^mysql\+aiomysql:\/\//);
    await cx.runTest();
    await cx.waitForResult();
    await expect(cx.fact('server')).toContainText('MariaDB');
    const fix = page.getByTestId('test-backend-fix');
    await expect(fix).toContainText('Set the backend to MariaDB');
    await fix.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('mariadb-fix-offered'), fullPage: true });

    await page.getByTestId('test-backend-fix-apply').click();
    await expect(page.getByTestId('connection-url')).toHaveText(/^mariadb\+aiomysql:\/\//);
    await cx.waitForResult();
    await expect(cx.fact('server')).toContainText('MariaDB');
    await expect(page.getByTestId('test-backend-fix')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('mariadb-fix-applied'), fullPage: true });
  });
});
