import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { TypesPage } from '../pages/types';
import { Core } from '../../src-main/core/core';
import { parseProfile } from '../../src-main/shared/profile';

/** 1,000 tables x 20 columns: the grid must stay virtualised and reach the last row. */
test('20,000 columns: the virtualised grid scrolls to the last row with a bounded DOM', async ({ page, serve }) => {
  test.setTimeout(180_000);
  const file = join(serve.dataDir, 'big.sqlite');
  const db = new Database(file);
  db.exec('BEGIN');
  const cols = Array.from({ length: 20 }, (_, i) => (i === 0 ? 'c0 INTEGER PRIMARY KEY' : `c${i} ${['VARCHAR(40)', 'TEXT', 'TIMESTAMP WITH TIME ZONE', 'UUID', 'NUMERIC(10, 2)', 'VARCHAR'][i % 6]}`));
  for (let t = 0; t < 1000; t++) db.exec(`CREATE TABLE t${String(t).padStart(4, '0')} (${cols.join(', ')})`);
  // Identifiers are data: they must render as text, never as markup.
  db.exec('CREATE TABLE "<b>bold</b> ""q""" ("<img src=x onerror=alert(1)>" TEXT, "größe ✓" INTEGER)');
  db.exec('COMMIT');
  db.close();
  // Saved through the same store the server reads (WAL: both processes can use it).
  const core = new Core({ dataDir: serve.dataDir, mode: 'cli', seedDemo: false });
  core.connections.create(parseProfile({ name: 'Big (SQLite)', backend: 'sqlite', database: file }));
  await core.close();

  const wb = new Workbench(page);
  await wb.open(serve.url);
  await wb.select('Big (SQLite)');
  await wb.openSection('Types');
  const types = new TypesPage(page);
  await types.mapTypes(60_000);
  await expect(types.count).toHaveText('20,002 columns');
  await types.search.fill('<img');
  await expect(types.rows).toHaveCount(1);
  await expect(types.rows.first().getByRole('gridcell').nth(0)).toHaveText('<b>bold</b> "q"');
  await expect(types.rows.first().getByRole('gridcell').nth(1)).toHaveText('<img src=x onerror=alert(1)>');
  expect(await page.locator('.types-grid img, .types-grid b').count()).toBe(0);
  await types.search.fill('');
  expect(await types.rows.count()).toBeLessThan(60);

  await types.grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(types.row('t0999', 'c19')).toBeVisible();
  expect(await types.rows.count()).toBeLessThan(60);
  await types.grid.focus();
  await page.keyboard.press('Home');
  // The first table in name order is the one with markup in its name: shown as text in the detail too.
  await expect(types.detail.getByRole('heading', { level: 2 })).toHaveText('<b>bold</b> "q".<img src=x onerror=alert(1)>');
  await expect(types.row('t0000', 'c1')).toBeVisible();

  await types.verdictFilter('unsupported').click();
  await expect(types.count).toHaveText('3,000 of 20,002 columns');
  await page.screenshot({ path: screenshotPath('types-20000-columns') });
});
