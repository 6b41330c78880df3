import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { join } from 'node:path';
import { runCli } from '../main';
import { Core } from '../../core/core';
import { createDemoDatabase } from '../../core/demo/demo-db';
import { tempDir } from '../../../test/tmp';
import { PG_URL, pgTarget, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out: () => out.join('\n'), err: () => err.join('\n') };
}

describe('poolscope types: output and exit codes (real SQLite and PostgreSQL)', () => {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const demo = join(dir.path, 'demo.sqlite');
  const url = `sqlite+aiosqlite:///${demo}`;
  const run = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli(['types', ...argv, '--data-dir', dataDir], c.io);
    return { code, out: c.out(), err: c.err() };
  };

  beforeAll(() => createDemoDatabase(demo));
  afterAll(() => dir.cleanup());

  it('prints the per-column mapping and the portability summary, exit 0', async () => {
    const r = await run(url);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tenants\.timezone\s+VARCHAR\s+String\(\)\s+VARCHAR \[ok\]\s+error \[UNSUPPORTED\]\s+VARCHAR \[ok\]/);
    expect(r.out).toContain('MySQL      BLOCKED: 1 unsupported');
    expect(r.out).toContain('SQLite     (this database) keeps: 0 unsupported, 3 lossy');
    expect(r.out).not.toContain('SQLite     runs');
    expect(r.out).toContain('fix: Text(): MySQL needs a length');
  });

  it('--schema naming a schema that does not exist is a usage error (exit 2) listing the schemas, not "0 tables"', async () => {
    const r = await run(url, '--schema', 'nosuch');
    expect(r.code).toBe(2);
    expect(r.err).toContain('No schema named "nosuch"');
    expect(r.err).toContain('main');
    expect((await run(url, '--schema', 'main')).code).toBe(0);
  });

  it('--fail-on unsupported exits 1 when a target is blocked, 0 when the chosen target is not', async () => {
    const blocked = await run(url, '--fail-on', 'unsupported');
    expect(blocked.code).toBe(1);
    expect(blocked.err).toContain('1 column verdict(s) are unsupported on PostgreSQL, MySQL, SQLite');
    expect((await run(url, '--target', 'sqlite', '--fail-on', 'unsupported')).code).toBe(0);
    const lossy = await run(url, '--target', 'sqlite', '--fail-on', 'lossy');
    expect(lossy.code).toBe(1);
    expect(lossy.out).not.toContain('MYSQL');
  });

  it('--json prints the report, narrowed to --target', async () => {
    const r = await run(url, '--json', '--target', 'mysql');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.summary.targets).toEqual({ mysql: expect.objectContaining({ runs: false, unsupported: 1 }) });
    // Each distinct column type is written once (types-json.ts): a column names its entry.
    expect(Object.keys(report.types[report.columns[0].type].verdicts)).toEqual(['mysql']);
    expect(report.columns[0]).not.toHaveProperty('verdicts');
  });

  it('finds a saved connection by name (the demo connection of a data folder the app made)', async () => {
    await new Core({ dataDir, mode: 'cli' }).close();
    const r = await run('Demo (SQLite)', '--fail-on', 'unsupported', '--target', 'postgresql');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Demo (SQLite): SQLite');
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(url, '--target', 'oracle')).code).toBe(2);
    expect((await run(url, '--fail-on', 'maybe')).code).toBe(2);
    expect((await run()).code).toBe(2);
    expect((await run(url, '--nope')).code).toBe(2);
  });

  it('exits 3 when the database cannot be reached', async () => {
    const missing = await run(`sqlite+aiosqlite:///${join(dir.path, 'missing.sqlite')}`);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('does not exist');
    const refused = await run('postgresql+asyncpg://postgres@127.0.0.1:1/nothing');
    expect(refused.code).toBe(3);
    expect(refused.err).toContain('Connection refused: Nothing is listening at 127.0.0.1:1 (connection refused).');
  });

  describe.skipIf(serverMissing('postgres'))('against PostgreSQL', () => {
    let db: Awaited<ReturnType<typeof tempPgDatabase>>;
    beforeAll(async () => {
      db = await tempPgDatabase();
      const c = new pg.Client({ ...pgTarget(), database: db.name });
      await c.connect();
      await c.query('CREATE TABLE events (id bigserial PRIMARY KEY, payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())');
      await c.end();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('--fail-on unsupported --target sqlite fails on JSONB; PostgreSQL itself passes --fail-on lossy', async () => {
      const pgUrl = `${PG_URL.replace(/\/[^/]*$/, '')}/${db.name}`.replace(/^postgresql:/, 'postgresql+asyncpg:');
      const sqlite = await run(pgUrl, '--target', 'sqlite', '--fail-on', 'unsupported');
      expect(sqlite.code).toBe(1);
      expect(sqlite.out).toContain('events.payload');
      expect(sqlite.out).toContain('JSON().with_variant(postgresql.JSONB(), "postgresql")');
      expect((await run(pgUrl, '--target', 'postgresql', '--fail-on', 'lossy')).code).toBe(0);
    });
  });
});
