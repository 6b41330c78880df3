import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { TypesPage } from '../pages/types';
import { Core } from '../../src-main/core/core';
import { parseProfile } from '../../src-main/shared/profile';

/** Every column maps to MySQL, yet the table as a whole does not: the summary says so and why. */
test('a table whose row is too large for MySQL is blocked as a whole, with the reason', async ({ page, serve }) => {
  const file = join(serve.dataDir, 'wide.sqlite');
  const db = new Database(file);
  db.exec(`CREATE TABLE documents (id INTEGER PRIMARY KEY, ${[1, 2, 3, 4, 5].map((i) => `part_${i} VARCHAR(4000)`).join(', ')})`);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(4000))');
  db.close();
  const core = new Core({ dataDir: serve.dataDir, mode: 'cli', seedDemo: false });
  core.connections.create(parseProfile({ name: 'Wide (SQLite)', backend: 'sqlite', database: file }));
  await core.close();

  const wb = new Workbench(page);
  await wb.open(serve.url);
  await wb.select('Wide (SQLite)');
  await wb.openSection('Types');
  const types = new TypesPage(page);
  await types.mapTypes();

  await expect(types.answer('mysql')).toHaveText('No');
  await expect(page.getByTestId('summary-mysql-unsupported')).toHaveText('0 unsupported');
  const summary = page.getByTestId('summary-mysql');
  await expect(summary).toContainText('documents');
  await expect(summary).toContainText('whole table: row size');
  await expect(summary).not.toContainText('notes');
  const why = page.getByTestId('summary-mysql-table-issue');
  await expect(why).toContainText('ERROR 1118');
  await expect(why).toContainText('80,015 bytes');
  await expect(why).toContainText('Fix:');
  // A SQLite database's own kind: the answer is what SQLAlchemy's types keep there, not whether it runs there.
  await expect(types.answer('sqlite')).toHaveText('Everything');
  await page.getByText(/tables do not survive everywhere as they are/).click();
  await expect(page.getByRole('table', { name: 'Tables with portability issues' })).toContainText('row too large');
  await page.screenshot({ path: screenshotPath('types-row-too-large'), fullPage: true });
});
