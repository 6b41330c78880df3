import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../main';
import { tempDir } from '../../../test/tmp';
import { pgTarget, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';

/**
 * `poolscope export --models`: the warning when models.py would not create unmodified somewhere, and
 * --fail-on as a CI gate, on a real PostgreSQL schema with a column type SQLAlchemy has no class for
 * (point: NativeType on PostgreSQL itself, nothing on MySQL or SQLite).
 */
const PG_MISSING = serverMissing('postgres');

describe.skipIf(PG_MISSING)(`poolscope export --models --fail-on (real PostgreSQL)${PG_MISSING ? ` (SKIPPED: ${PG_MISSING})` : ''}`, () => {
  const dir = tempDir();
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['export', url, '--no-measure', '--force', '--data-dir', join(dir.path, 'data'), ...argv], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    const db = await tempPgDatabase();
    drop = db.drop;
    const t = pgTarget();
    const c = new pg.Client({ ...t, database: db.name });
    await c.connect();
    await c.query('CREATE TABLE shapes (id integer PRIMARY KEY, at point NOT NULL); CREATE TABLE plain (id integer PRIMARY KEY, name text)');
    await c.end();
    url = `postgresql://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${db.name}`;
  });
  afterAll(async () => {
    await drop();
    dir.cleanup();
  });

  it('warns, names the table and the backends, and says in the header where the models were checked', async () => {
    const out = join(dir.path, 'a');
    const r = await run('--out', out, '--models', 'portable');
    expect(r.code).toBe(0);
    expect(r.err).toContain('Warning: models.py would not create unmodified on MySQL/MariaDB, SQLite.');
    expect(r.err).toContain('shapes on SQLite');
    expect(readFileSync(join(out, 'models.py'), 'utf8')).toContain('Checked for metadata.create_all() on: PostgreSQL.');
  });

  it('--fail-on exits 1 for a backend the models would not run on (files still written), 0 for one they run on', async () => {
    const failing = await run('--out', join(dir.path, 'b'), '--models', 'portable', '--fail-on', 'postgresql,sqlite');
    expect(failing.code).toBe(1);
    expect(failing.err).toContain('--fail-on postgresql,sqlite: models.py would not run on SQLite (the files were written).');
    expect(readFileSync(join(dir.path, 'b', 'models.py'), 'utf8')).toContain('class Shapes(Base):');
    expect((await run('--out', join(dir.path, 'c'), '--models', 'portable', '--fail-on', 'postgresql')).code).toBe(0);
  });

  it('a table set that runs everywhere passes --fail-on all and says so', async () => {
    const r = await run('--out', join(dir.path, 'd'), '--models', 'portable', '--tables', 'plain', '--fail-on', 'all');
    expect(r.code).toBe(0);
    expect(r.out).toContain('models.py checked for PostgreSQL, MySQL/MariaDB, SQLite.');
  });

  it('--models-only writes models.py alone, keeps the warning and --fail-on, and --json still gates', async () => {
    const out = join(dir.path, 'only');
    const r = await run('--out', out, '--models', 'portable', '--models-only', '--fail-on', 'sqlite');
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual(['models.py']);
    expect(existsSync(join(out, 'db.py'))).toBe(false);
    expect(r.out).toContain(join(out, 'models.py'));
    expect(r.err).toContain('Warning: models.py would not create unmodified on MySQL/MariaDB, SQLite.');
    expect(r.err).toContain('--fail-on sqlite: models.py would not run on SQLite');
    const j = await run('--out', join(dir.path, 'only-json'), '--models', 'portable', '--models-only', '--json', '--fail-on', 'sqlite');
    expect(j.code).toBe(1);
    const parsed = JSON.parse(j.out) as { files: Array<{ path: string }>; models: { runs: string[] } };
    expect(parsed.files.map((f) => f.path)).toEqual(['models.py']);
    expect(parsed.models.runs).toEqual(['postgresql']);
    expect((await run('--out', join(dir.path, 'only-ok'), '--models', 'faithful', '--models-only', '--fail-on', 'postgresql')).code).toBe(0);
  });

  it('usage errors: --models-only without --models (exit 2)', async () => {
    const r = await run('--out', join(dir.path, 'f'), '--models-only');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--models-only needs --models');
  });

  it('usage errors: a bad --fail-on value, or --fail-on without --models (exit 2)', async () => {
    expect((await run('--out', join(dir.path, 'e'), '--models', 'portable', '--fail-on', 'oracle')).code).toBe(2);
    expect((await run('--out', join(dir.path, 'e'), '--fail-on', 'all')).code).toBe(2);
  });
});
