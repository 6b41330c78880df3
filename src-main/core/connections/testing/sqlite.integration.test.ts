import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../../test/tmp';
import { runTest, stageStatuses } from '../../../../test/run-conn-test';

describe('connection test: SQLite', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('checks the file, opens it and reads the schema, with the library version', async () => {
    const file = join(dir.path, 'app.db');
    const db = new Database(file);
    db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY); CREATE INDEX users_id ON users(id)');
    db.close();
    const { report } = await runTest({ backend: 'sqlite', database: file });
    expect(report.failure).toBeUndefined();
    expect(stageStatuses(report)).toEqual({ file: 'ok', open: 'ok', query: 'ok' });
    expect(report.stages[0]!.detail).toMatch(/SQLite 3 header/);
    expect(report.stages[2]!.detail).toBe('2 schema objects');
    expect(report.facts).toMatchObject({ product: 'SQLite', tls: { state: 'not applicable' } });
    expect(report.facts!.version).toMatch(/^3\.\d+\.\d+$/);
  });

  it('reports a missing file without creating it', async () => {
    const file = join(dir.path, 'missing.db');
    const { report } = await runTest({ backend: 'sqlite', database: file });
    expect(report.failure).toMatchObject({ kind: 'file-missing', stage: 'file' });
    expect(report.failure!.message).toContain(file);
    const { existsSync } = await import('node:fs');
    expect(existsSync(file)).toBe(false);
  });

  it('reports a file that is not a database (SQLITE_NOTADB) at the first query', async () => {
    const file = join(dir.path, 'notes.txt');
    writeFileSync(file, 'these are notes, not a database\n'.repeat(100));
    const { report } = await runTest({ backend: 'sqlite', database: file });
    expect(report.stages[0]).toMatchObject({ status: 'warn', detail: expect.stringContaining('no SQLite header') });
    expect(report.failure).toMatchObject({ kind: 'not-a-database', stage: 'query', code: 'SQLITE_NOTADB' });
  });

  it('reports a folder given as the database', async () => {
    const folder = join(dir.path, 'folder.db');
    mkdirSync(folder);
    const { report } = await runTest({ backend: 'sqlite', database: folder });
    expect(report.failure).toMatchObject({ kind: 'not-a-database', stage: 'file' });
  });

  it('tests an in-memory database and says what that means', async () => {
    const { report } = await runTest({ backend: 'sqlite', database: ':memory:' });
    expect(report.ok).toBe(true);
    expect(report.stages[0]!.detail).toMatch(/every new connection opens its own empty database/);
  });
});
