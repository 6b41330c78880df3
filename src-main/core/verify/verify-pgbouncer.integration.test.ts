import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseProfile } from '../../shared/profile';
import { isPreparedStatementKind, scenarioSchema } from '../../shared/lab-types';
import { pgPassword, pgTarget, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { pgbouncerMissing, pgbouncerTracksPrepared, startPgBouncer, type PgBouncerInstance } from '../../../test/pgbouncer';
import { startVerify } from './verify-run';

/**
 * The PgBouncer story through "Run on real SQLAlchemy": asyncpg behind PgBouncer in transaction
 * mode fails on both sides with the class asyncpg raises, and runs clean on both with the recipe.
 */
const PY = inject('python').python;
const skip = (PY ? null : `no pinned Python env: ${inject('python').reason}`) ?? serverMissing('postgres') ?? pgbouncerMissing();

describe.skipIf(skip)(`run on real SQLAlchemy behind PgBouncer in transaction mode${skip ? ` (SKIPPED: ${skip})` : ''}`, () => {
  let bouncer: PgBouncerInstance;
  let db: { name: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await tempPgDatabase();
    bouncer = await startPgBouncer({ users: [{ name: pgTarget().user, password: pgPassword() }], adminUsers: [pgTarget().user], ...(pgbouncerTracksPrepared() ? { maxPreparedStatements: 0 } : {}) });
  }, 60_000);
  afterAll(async () => {
    await bouncer?.stop();
    await db?.drop();
  });

  const run = (recipe: boolean) => {
    const profile = parseProfile({ name: 'bouncer', backend: 'postgresql', host: '127.0.0.1', port: bouncer.port, user: pgTarget().user, database: db.name, tls: { mode: 'disable' }, service: { driver: 'asyncpg' }, pool: { poolSize: 8, maxOverflow: 0 } });
    const scenario = scenarioSchema.parse({ concurrency: 8, durationSec: 2, holdMs: 20, query: { kind: 'select1' }, driverRecipe: recipe });
    return startVerify({ label: 'bouncer', connectionId: null, profile, password: pgPassword(), facts: null, source: 'pool', scenario, python: PY! }, () => undefined).done;
  };

  it('asyncpg with its defaults fails on both sides with InvalidSQLStatementNameError, the same kind', async () => {
    const dto = await run(false);
    expect(dto.state, JSON.stringify(dto.python.failure)).toBe('done');
    expect(dto.python.errorsByKind['InvalidSQLStatementNameError']).toBeGreaterThan(0);
    expect(dto.poolscope.errorsByKind['InvalidSQLStatementNameError']).toBeGreaterThan(0);
    for (const side of [dto.python, dto.poolscope]) expect(Object.keys(side.errorsByKind).filter((k) => !isPreparedStatementKind(k))).toEqual([]);
    expect(dto.python.samples[0]!.message).toMatch(/prepared statement "__asyncpg_stmt_[0-9a-f]+__" does not exist/);
  }, 60_000);

  it('with the recipe both sides run clean', async () => {
    const dto = await run(true);
    expect(dto.state).toBe('done');
    expect(dto.python.errors).toBe(0);
    expect(dto.poolscope.errors).toBe(0);
    expect(dto.python.completed).toBeGreaterThan(50);
    expect(dto.comparison.filter((r) => r.verdict === 'differs'), JSON.stringify(dto.comparison)).toEqual([]);
  }, 60_000);
});
