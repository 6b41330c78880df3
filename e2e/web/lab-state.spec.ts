import { test, expect, fullScreenshot } from '../fixtures/serve';
import { api } from '../fixtures/api';
import { Workbench } from '../pages/workbench';
import { PoolPage } from '../pages/pool';

const STATEMENT = 'SELECT count(*) FROM sqlite_master';

// Sections unmount when their tab is left (and are lazy chunks), so what a person typed and the run
// they watched must live in the store, per connection, not in the components.
test.describe('the lab keeps its form and its runs across tab and connection switches', () => {
  test('typed values, the last run and a running load are still there after leaving and coming back', async ({ page, serve }) => {
    await api(serve, 'connections.create', {
      profile: { name: 'Scratch (SQLite)', backend: 'sqlite', database: ':memory:', pool: { poolClass: 'StaticPool' }, service: { environment: 'test' } },
    });
    const wb = new Workbench(page);
    const pool = new PoolPage(page);
    const lab = page.getByTestId('load-lab');
    await wb.open(serve.url);
    await wb.select('Demo (SQLite)');
    await wb.openSection('Pool');
    await pool.openPool();

    await lab.getByLabel('Concurrency').fill('3');
    await lab.getByLabel('Duration (s)').fill('2');
    await lab.getByLabel('Think (ms)').fill('7');
    await lab.getByLabel('Query').selectOption('custom');
    await lab.getByLabel(/^Read-only statement/).fill(STATEMENT);
    await lab.getByLabel(/Transaction per request/).check();
    await lab.getByTestId('lab-commit').check();
    await lab.getByRole('button', { name: 'Start load' }).click();
    const progress = page.getByTestId('load-progress');
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await expect(page.getByTestId('load-run-row')).toHaveCount(1);
    // A finished run shows the whole run: the full 2 s and a full bar, not its last tick.
    await expect(progress).toContainText('2.0 / 2 s · 0 workers');
    await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    const finished = (await progress.textContent()) ?? '';
    expect(finished).toMatch(/ 2 s · \d+ workers · [1-9]\d* requests/);
    await fullScreenshot(page, 'lab-state-run-done');

    // Another section's input, and a filter in the event log.
    await wb.openSection('Checks');
    await page.getByTestId('hide-passing').check();
    await wb.openSection('Pool');
    await page.getByRole('searchbox', { name: 'Filter events by text' }).fill('connect');
    // After a run the log has events: either some match, or it says the filters hide them (never "no events yet").
    await expect(page.getByTestId('event-row').or(page.getByTestId('event-log-empty').filter({ hasText: 'matches the filters' })).first()).toBeVisible();

    // Leave the tab, then the connection: the other connection has its own (default) form.
    await wb.openSection('Overview');
    await wb.select('Scratch (SQLite)');
    await wb.openSection('Pool');
    await pool.openPool();
    await expect(lab.getByLabel('Concurrency')).toHaveValue('8');
    await expect(lab.getByLabel('Query')).toHaveValue('select1');
    await expect(page.getByTestId('load-progress')).toHaveCount(0);
    await lab.getByLabel('Concurrency').fill('2');

    await wb.select('Demo (SQLite)');
    await expect(page.getByTestId('pool-view')).toBeVisible();
    await expect(lab.getByLabel('Concurrency')).toHaveValue('3');
    await expect(lab.getByLabel('Duration (s)')).toHaveValue('2');
    await expect(lab.getByLabel('Think (ms)')).toHaveValue('7');
    await expect(lab.getByLabel('Query')).toHaveValue('custom');
    await expect(lab.getByLabel(/^Read-only statement/)).toHaveValue(STATEMENT);
    await expect(lab.getByLabel(/Transaction per request/)).toBeChecked();
    await expect(lab.getByTestId('lab-commit')).toBeChecked();
    await expect(progress).toHaveAttribute('data-state', 'done');
    await expect(progress).toHaveText(finished);
    await expect(page.getByRole('searchbox', { name: 'Filter events by text' })).toHaveValue('connect');
    await fullScreenshot(page, 'lab-state-back-on-demo');
    await wb.openSection('Checks');
    await expect(page.getByTestId('hide-passing')).toBeChecked();

    // A run that is still going shows its live progress when the tab comes back.
    await wb.openSection('Pool');
    await lab.getByLabel('Duration (s)').fill('600');
    await lab.getByRole('button', { name: 'Start load' }).click();
    await expect(progress).toHaveAttribute('data-state', 'running');
    await wb.openSection('Matrix');
    await wb.select('Scratch (SQLite)');
    await wb.openSection('Pool');
    await expect(lab.getByLabel('Concurrency')).toHaveValue('2');
    await wb.select('Demo (SQLite)');
    await expect(progress).toHaveAttribute('data-state', 'running');
    await expect(lab.getByLabel('Duration (s)')).toBeDisabled();
    const completed = async () => Number(/(\d+) requests/.exec((await progress.textContent()) ?? '')?.[1] ?? NaN);
    const seen = await completed();
    await expect.poll(completed).toBeGreaterThan(seen);
    await fullScreenshot(page, 'lab-state-running-after-return');
    await pool.stopLoad();
    await expect(page.getByTestId('load-run-row')).toHaveCount(2);
  });
});
