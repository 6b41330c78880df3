import { test, expect, fullScreenshot } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';
import { PoolPage } from '../pages/pool';
import { PgCluster, requirePgCluster } from '../../test/pg-cluster';

// Under CI=true requirePgCluster() throws instead of returning a reason: a missing cluster fails the run there.
const noCluster = requirePgCluster();

test.describe('the database server goes away during a load run', () => {
  // Under CI a missing server is a failure, not a skip.
    if (process.env.CI === 'true' && noCluster !== null) throw new Error(`No private PostgreSQL cluster can be made here: ${noCluster}`);
    test.skip(noCluster !== null, `No private PostgreSQL cluster can be made here: ${noCluster}`);

  test('the UI shows the errors while it is down and the recovery after it comes back', async ({ page, serve }) => {
    test.setTimeout(120_000);
    const cluster = await PgCluster.create();
    try {
      const profile = cluster.profile({ name: 'Private PostgreSQL', pool: { poolSize: 4, maxOverflow: 0, timeout: 2, prePing: true } });
      await api(serve, 'connections.create', { profile, password: cluster.password });
      const wb = new Workbench(page);
      const pool = new PoolPage(page);
      await wb.open(serve.url);
      await wb.select('Private PostgreSQL');
      await wb.openSection('Pool');
      await pool.openPool();
      await pool.startLoad({ concurrency: 4, duration: 600 });
      await expect.poll(() => pool.counterValue('checkouts')).toBeGreaterThan(200);

      await cluster.stop('immediate');
      const errors = page.getByTestId('load-errors');
      await expect(errors).toContainText(/connect|disconnect/);
      await expect(pool.eventLog.locator('[data-kind="connect-error"], [data-kind="invalidate"]').first()).toBeVisible();
      await fullScreenshot(page, 'server-restart-down');

      await cluster.start();
      const recovered = await pool.counterValue('checkouts');
      await expect.poll(() => pool.counterValue('checkouts'), { timeout: 30_000 }).toBeGreaterThan(recovered + 300);
      await expect(page.getByTestId('load-throughput')).not.toHaveText('0');
      await fullScreenshot(page, 'server-restart-recovered');
      await pool.stopLoad();
      await expect(pool.status).toContainText('Current Checked out connections: 0');
    } finally {
      await cluster.destroy();
    }
  });
});
