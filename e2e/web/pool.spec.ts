import { test, expect, fullScreenshot } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';
import { PoolPage } from '../pages/pool';

const PG = new URL(process.env.POOLSCOPE_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test');

test.describe('live pool, load lab and fault lab', () => {
  test('demo connection: open the pool, run a load, watch it move, stop it, tell the in-memory story', async ({ page, serve }) => {
    const wb = new Workbench(page);
    const pool = new PoolPage(page);
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await wb.openSection('Pool');
    await pool.openPool();
    await expect(pool.status).toHaveText('Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0');
    await expect(page.getByTestId('pool-class')).toHaveText('AsyncAdaptedQueuePool');
    // Runs are long on purpose and the test stops them: a 30 s run ended before Stop under CI load (CI run of 2026-12-04).
    await pool.startLoad({ concurrency: 8, duration: 600 });
    await expect.poll(() => pool.counterValue('checkouts')).toBeGreaterThan(1000);
    await expect(page.getByTestId('load-throughput')).not.toHaveText('0');
    await expect.poll(async () => (await page.getByTestId('chart-connections').locator('polyline').count())).toBeGreaterThan(0);
    await fullScreenshot(page, 'pool-demo-under-load');
    await pool.stopLoad();
    await expect(page.getByTestId('load-run-row')).toHaveCount(1);
    await expect(pool.status).toContainText('Current Checked out connections: 0');
    await page.getByRole('button', { name: 'Run the in-memory story' }).click();
    const story = page.getByTestId('fault-result');
    await expect(story).toContainText('no such table: users');
    await expect(story).toContainText('StaticPool');
    await fullScreenshot(page, 'pool-demo-sqlite-story');
  });

  test('PostgreSQL: load run with charts and counters, then a killed session shows up as an invalidation', async ({ page, serve }) => {
    const created = await api(serve, 'connections.create', {
      profile: {
        name: 'Local PostgreSQL',
        backend: 'postgresql',
        host: PG.hostname,
        port: Number(PG.port || 5432),
        user: decodeURIComponent(PG.username) || 'postgres',
        database: PG.pathname.slice(1) || 'test',
        tls: { mode: 'disable' },
        service: { environment: 'staging', workload: 'oltp', processes: 2, driver: 'asyncpg' },
        pool: { poolSize: 4, maxOverflow: 2 },
      },
    });
    expect(created.name).toBe('Local PostgreSQL');
    const wb = new Workbench(page);
    const pool = new PoolPage(page);
    await wb.open(serve.url);
    await wb.select('Local PostgreSQL');
    await wb.openSection('Pool');
    await pool.openPool();
    await expect(pool.status).toHaveText('Pool size: 4  Connections in pool: 0 Current Overflow: -4 Current Checked out connections: 0');
    await pool.startLoad({ concurrency: 6, duration: 600 });
    await expect.poll(() => pool.counterValue('checkouts')).toBeGreaterThan(200);
    await expect.poll(() => pool.counterValue('opened')).toBeGreaterThanOrEqual(4);
    await expect(page.getByTestId('server-session-count')).not.toHaveText('0');
    await fullScreenshot(page, 'pool-postgres-under-load');
    await pool.stopLoad();

    await page.getByRole('button', { name: 'Kill idle sessions' }).click();
    await expect(page.getByTestId('fault-result')).toContainText(/terminated \d+ idle session/);
    await page.getByRole('button', { name: 'Probe the pool (5 checkouts)' }).click();
    const result = page.getByTestId('fault-result');
    await expect(result).toHaveAttribute('data-kind', 'probe');
    await expect(page.getByTestId('fault-service-view')).toContainText('pool_pre_ping=True');
    const invalidation = pool.eventLog.locator('[data-kind="invalidate"]').first();
    await expect(invalidation).toContainText(/disconnect: .*(terminating connection|not queryable|Connection terminated)/);
    await expect.poll(() => pool.counterValue('invalidations')).toBeGreaterThanOrEqual(1);
    await invalidation.scrollIntoViewIfNeeded();
    await fullScreenshot(page, 'pool-postgres-after-fault');
    await page.emulateMedia({ colorScheme: 'dark' });
    await fullScreenshot(page, 'pool-postgres-after-fault-dark');
  });
});

test.describe('fault lab on a production connection', () => {
  test('killing idle sessions asks for the server name first; the recipe option is offered for asyncpg', async ({ page, serve }) => {
    const host = PG.hostname;
    await api(serve, 'connections.create', {
      profile: {
        name: 'Prod PostgreSQL',
        backend: 'postgresql',
        host,
        port: Number(PG.port || 5432),
        user: decodeURIComponent(PG.username) || 'postgres',
        database: PG.pathname.slice(1) || 'test',
        tls: { mode: 'disable' },
        service: { environment: 'production', workload: 'oltp', processes: 1, driver: 'asyncpg' },
        pool: { poolSize: 3, maxOverflow: 0 },
      },
    });
    const wb = new Workbench(page);
    const pool = new PoolPage(page);
    await wb.open(serve.url);
    await wb.select('Prod PostgreSQL');
    await wb.openSection('Pool');
    await pool.openPool();
    await expect(page.getByTestId('lab-driver-recipe')).toBeVisible();
    await expect(page.getByText(/statement_cache_size=0, prepared_statement_cache_size=0, unique statement names/)).toBeVisible();
    await page.getByRole('button', { name: 'Probe the pool (5 checkouts)' }).click();
    await expect(page.getByTestId('fault-result')).toHaveAttribute('data-kind', 'probe');

    await page.getByRole('button', { name: 'Kill idle sessions' }).click();
    const dialog = page.getByTestId('confirm-production-fault');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`on ${host}`);
    const go = page.getByTestId('confirm-production-fault-button');
    await expect(go).toBeDisabled();
    // The input has focus; a wrong name keeps the button disabled.
    await page.keyboard.type('db.example.com');
    await expect(go).toBeDisabled();
    await fullScreenshot(page, 'pool-production-fault-confirm');
    await page.emulateMedia({ colorScheme: 'dark' });
    await fullScreenshot(page, 'pool-production-fault-confirm-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // Escape cancels: nothing was killed.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('fault-result')).toHaveAttribute('data-kind', 'probe');

    await page.getByRole('button', { name: 'Kill idle sessions' }).click();
    await page.getByTestId('fault-confirm-input').fill(host);
    await expect(go).toBeEnabled();
    await go.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('fault-result')).toContainText(/terminated \d+ idle session/);
  });
});
