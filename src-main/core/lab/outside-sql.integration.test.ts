import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Core } from '../core';
import { scenarioSchema } from '../../shared/lab-types';
import { mysqlProfile, pgProfile, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { tempDir } from '../../../test/tmp';

/**
 * The load lab's user SQL runs in a read-only transaction, which stops writes to tables but not
 * statements that reach the server's files or programs. On the real servers (privileged accounts,
 * as a developer's local server has) each of these ran before and left its file behind.
 * The servers run on this machine in CI and locally, so the files they would write are visible here.
 */
const custom = (sql: string) => scenarioSchema.parse({ concurrency: 1, durationSec: 1, query: { kind: 'custom', sql } });
const scratch = () => `/tmp/poolscope-outside-${randomBytes(6).toString('hex')}`;

describe.each([
  {
    family: 'PostgreSQL',
    missing: serverMissing('postgres'),
    temp: tempPgDatabase,
    profile: pgProfile,
    statements: (f: string) => [
      `COPY (SELECT 1) TO '${f}'`,
      `COPY (SELECT 1) TO PROGRAM 'touch ${f}'`,
      `/* a comment first */ copy (select 1) to program 'touch ${f}'`,
      `DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO ''${f}'''; END $$`,
      `SELECT lo_export(lo_from_bytea(0, 'x'), '${f}')`,
    ],
    query: 'SELECT count(*) FROM pg_class',
  },
  {
    family: 'MariaDB',
    missing: serverMissing('mysql'),
    temp: tempMysqlDatabase,
    profile: mysqlProfile,
    statements: (f: string) => [
      `SELECT 1 INTO OUTFILE '${f}'`,
      `SELECT 1 INTO DUMPFILE '${f}'`,
      `SELECT 1 /*! INTO OUTFILE '${f}' */`,
      `SELECT 1 /*M!100000 INTO DUMPFILE '${f}' */`,
    ],
    query: 'SELECT COUNT(*) FROM information_schema.tables',
  },
])('user SQL that reaches outside the database, on the real $family', ({ missing, temp, profile, statements, query }) => {
  let db: Awaited<ReturnType<typeof tempPgDatabase>>;
  let core: Core;
  let dir: ReturnType<typeof tempDir>;
  const files: string[] = [];
  beforeAll(async () => {
    if (missing) return;
    db = await temp();
    dir = tempDir();
    core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
  });
  afterEach(() => files.splice(0).forEach((f) => rmSync(f, { force: true })));
  afterAll(async () => {
    await core?.close();
    dir?.cleanup();
    await db?.drop();
  });

  it.skipIf(missing)('is refused before it runs, and no file appears on the server', async () => {
    const saved = core.connections.create(profile({ name: 'target', database: db.name }));
    for (const sql of statements('PLACEHOLDER')) {
      const f = scratch();
      files.push(f);
      const text = sql.replaceAll('PLACEHOLDER', f);
      await expect(core.lab.start(saved.id, custom(text)), text).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/does not run this statement/) });
      await core.lab.settle();
      expect(existsSync(f), `${text} left ${f}`).toBe(false);
    }
    // An ordinary query of the same server still runs.
    const { runId } = await core.lab.start(saved.id, custom(query));
    await core.lab.settle();
    const run = core.lab.get(runId);
    expect(run.errors).toBe(0);
    expect(run.completed).toBeGreaterThan(0);
  });
});
