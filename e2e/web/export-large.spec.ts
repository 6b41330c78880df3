import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { ExportPage } from '../pages/export';
import { TypesPage } from '../pages/types';
import { Core } from '../../src-main/core/core';
import { parseProfile } from '../../src-main/shared/profile';

/**
 * 250 tables × 41 columns: models.py is over 11,000 lines. Its tab draws only the lines near the
 * view (a bounded DOM), reaches its last line by scrolling, and its diff against the last export
 * is computed once, off the UI thread, and shown exactly.
 */
test('a 250×41 schema: models.py is virtualised and its diff is exact', async ({ page, serve }) => {
  test.setTimeout(180_000);
  const file = join(serve.dataDir, 'wide.sqlite');
  const db = new Database(file);
  db.exec('BEGIN');
  const cols = Array.from({ length: 41 }, (_, i) => (i === 0 ? 'id INTEGER PRIMARY KEY' : `c${i} ${['VARCHAR(40)', 'TEXT', 'INTEGER', 'NUMERIC(10, 2)', 'TIMESTAMP'][i % 5]}`));
  for (let t = 0; t < 250; t++) db.exec(`CREATE TABLE t${String(t).padStart(3, '0')} (${cols.join(', ')})`);
  db.exec('COMMIT');
  db.close();
  const core = new Core({ dataDir: serve.dataDir, mode: 'cli', seedDemo: false });
  core.connections.create(parseProfile({ name: 'Wide (SQLite)', backend: 'sqlite', database: file }));
  await core.close();

  const wb = new Workbench(page);
  await wb.open(serve.url);
  await wb.select('Wide (SQLite)');
  const useModels = async (tables: number) => {
    await wb.openSection('Types');
    await new TypesPage(page).mapTypes(60_000);
    await page.getByTestId('types-export').click();
    await page.getByRole('dialog', { name: 'Export SQLAlchemy models' }).getByTestId('models-use-in-export').click();
    await expect(wb.tab('Export')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('export-models')).toContainText(`all ${tables} tables`);
  };
  await useModels(250);
  const ex = new ExportPage(page);
  await ex.show('models.py');
  const lines = Number(await ex.code.getAttribute('data-lines'));
  expect(lines).toBeGreaterThan(10_000);
  await expect(ex.code).toContainText('class Base(DeclarativeBase):');
  // Bounded DOM: a few blocks of lines, not eleven thousand.
  expect(await ex.code.locator('.code-line').count()).toBeLessThan(1500);
  await ex.code.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(ex.code.locator('.code-no', { hasText: new RegExp(`^${lines}$`) })).toBeVisible();
  expect(await ex.code.locator('.code-line').count()).toBeLessThan(1500);
  await page.screenshot({ path: screenshotPath('export-models-250x41') });

  // Recorded as the last export, then the schema gains a column and two tables lose theirs.
  await ex.download();
  await expect(page.getByTestId('export-last')).toContainText('zip');
  const db2 = new Database(file);
  db2.exec('ALTER TABLE t100 ADD COLUMN added_later TEXT');
  db2.exec('DROP TABLE t200');
  db2.close();
  await useModels(249);
  await ex.show('models.py');
  const badge = ex.file('models.py').getByTestId('export-change');
  await expect(badge).toHaveText(/^\+\d+ −\d+$/);
  const [, added, removed] = /^\+(\d+) −(\d+)$/.exec((await badge.textContent())!)!.map(Number);
  // One new column line; one table's class (its 41 column lines and more) gone.
  expect(added).toBeGreaterThanOrEqual(1);
  expect(removed).toBeGreaterThan(41);
  await page.getByTestId('export-show-diff').click();
  await expect(ex.diff).toContainText('added_later');
  await expect(ex.diff).toHaveAttribute('aria-label', `Changes to models.py since the last export: ${added} added, ${removed} removed`);
  await expect(ex.diff.locator('.diff-add')).toHaveCount(added!);
});
