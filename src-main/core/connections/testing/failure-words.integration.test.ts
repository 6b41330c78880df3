import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { TestFailure } from '../../../shared/conn-test';
import { AppError } from '../../../shared/errors';
import { parseProfile, type ProfileData } from '../../../shared/profile';
import { parseConnectionString, profileFieldsFromParsed } from '../../../shared/url';
import { runChecksOnce } from '../../checks/service';
import { runTypes } from '../../introspect/run';
import { runCli } from '../../../cli/main';
import { EXIT } from '../../../cli/command';
import { runTest } from '../../../../test/run-conn-test';
import { mysqlAdmin, mysqlTarget, pgTarget, uniqueName } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { PgCluster, requirePgCluster } from '../../../../test/pg-cluster';
import { freePort } from '../../../../test/pg-cluster';
import { tempDir } from '../../../../test/tmp';

/**
 * One classification for every way in: the connection test, the checks, `poolscope check`,
 * `poolscope types` and `poolscope export` must say the same words for the same failure, against
 * the real servers. Each case is given as a URL, the way a person hands it to the command line.
 */

interface Case {
  name: string;
  url: () => string;
  kind: TestFailure['kind'];
  title: string;
  /** Words that must not appear anywhere (a raw driver message, a cut redaction). */
  never?: RegExp[];
}

function profileOf(url: string): { profile: ProfileData; password?: string } {
  const parsed = parseConnectionString(url);
  const profile = parseProfile({ name: 'command line', ...profileFieldsFromParsed(parsed), service: parsed.driver ? { driver: parsed.driver } : {} });
  return { profile, ...(parsed.password !== undefined ? { password: parsed.password } : {}) };
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

async function thrown(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

function sameWords(cases: () => Case[]) {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  it.each(cases().map((c) => [c.name, c] as const))('%s: the test, the checks, check/types/export on the command line say the same', async (_name, c) => {
    const { profile, password } = profileOf(c.url());
    const { report } = await runTest(profile, password !== undefined ? { password } : {});
    const f = report.failure!;
    expect(f, 'the connection test failed').toBeDefined();
    expect(f.kind).toBe(c.kind);
    expect(f.title).toBe(c.title);
    const words = `${f.title}: ${f.message}`;

    const checks = await thrown(() => runChecksOnce({ profile, ...(password !== undefined ? { password } : {}), label: 'x' }));
    expect(checks.message).toBe(words);
    expect(checks.hint).toBe(f.hint);
    expect(checks.details).toMatchObject({ kind: f.kind });

    const types = await thrown(() => runTypes({ profile, ...(password !== undefined ? { password } : {}), label: 'x' }));
    expect(types.message).toBe(words);
    expect(types.hint).toBe(f.hint);

    for (const argv of [['check', c.url()], ['types', c.url()], ['export', c.url(), '--out', join(dir.path, 'out')]]) {
      const r = await cli([...argv, '--data-dir', join(dir.path, 'data')]);
      expect(r.code, `${argv[0]} exit code`).toBe(EXIT.error);
      expect(r.err).toContain(words);
      expect(r.err).toContain(f.hint);
      for (const bad of c.never ?? []) expect(r.err).not.toMatch(bad);
    }
    for (const bad of c.never ?? []) {
      expect(words).not.toMatch(bad);
      expect(f.hint).not.toMatch(bad);
    }
  });
}

describe.skipIf(serverMissing('postgres') || serverMissing('mysql'))('one failure classification: shared servers', () => {
  const pg = pgTarget();
  const my = mysqlTarget();
  const account = uniqueName('poolscope_u');
  let refusedPort = 1;

  beforeAll(async () => {
    refusedPort = await freePort();
    const a = await mysqlAdmin();
    await a.query(`CREATE USER '${account}'@'%' IDENTIFIED BY 'right-pw-123'`);
    await a.query(`CREATE USER '${account}'@'localhost' IDENTIFIED BY 'right-pw-123'`);
    await a.end();
  });
  afterAll(async () => {
    const a = await mysqlAdmin();
    await a.query(`DROP USER IF EXISTS '${account}'@'%'`);
    await a.query(`DROP USER IF EXISTS '${account}'@'localhost'`);
    await a.end();
  });

  sameWords(() => [
    { name: 'PostgreSQL unknown database (3D000)', url: () => `postgresql://${pg.user}@${pg.host}:${pg.port}/poolscope_no_such_db`, kind: 'unknown-database', title: 'Unknown database', never: [/server is running and reachable/] },
    { name: 'PostgreSQL URL on the MySQL port', url: () => `postgresql://${pg.user}@${my.host}:${my.port}/test`, kind: 'wrong-protocol', title: 'Not a PostgreSQL server', never: [/error establishing an SSL connection/] },
    { name: 'MySQL URL on the PostgreSQL port', url: () => `mysql+aiomysql://${my.user}@${pg.host}:${pg.port}/test?connect_timeout=2`, kind: 'wrong-protocol', title: 'Not a MySQL/MariaDB server' },
    { name: 'MySQL wrong password (1045)', url: () => `mysql+aiomysql://${account}:wrong-pw-456@${my.host}:${my.port}/test`, kind: 'auth-failed', title: 'Authentication failed', never: [/\(using password: \*\*\*(?!\))/, /wrong-pw-456/] },
    { name: 'MySQL unknown database (1049)', url: () => `mysql+aiomysql://${my.user}@${my.host}:${my.port}/poolscope_no_such_db`, kind: 'unknown-database', title: 'Unknown database' },
    { name: 'nothing listening', url: () => `postgresql://${pg.user}@127.0.0.1:${refusedPort}/test`, kind: 'refused', title: 'Connection refused' },
    { name: 'SQLite file missing', url: () => 'sqlite+aiosqlite:////nonexistent-poolscope/app.db', kind: 'file-missing', title: 'Database file missing' },
  ]);
});

describe.skipIf(requirePgCluster())('one failure classification: a PostgreSQL that asks for passwords (SCRAM)', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await PgCluster.create();
  }, 120_000);
  afterAll(() => cluster?.destroy());

  sameWords(() => [
    { name: 'no password given (pg SASL)', url: () => `postgresql://${cluster.user}@127.0.0.1:${cluster.port}/app`, kind: 'auth-failed', title: 'Password needed', never: [/SASL/, /must be a string/] },
    { name: 'wrong password (28P01)', url: () => `postgresql://${cluster.user}:wrong-pw-456@127.0.0.1:${cluster.port}/app`, kind: 'auth-failed', title: 'Authentication failed', never: [/wrong-pw-456/] },
  ]);
});
