import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFacts } from './index';
import { evaluateChecks } from '../evaluate';
import { serverKindOf } from '../../../shared/matrix';
import { parseProfile } from '../../../shared/profile';
import { pgAdmin, pgPassword, pgTarget, tempPgDatabase, uniqueName } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { pgbouncerMissing, pgbouncerTracksPrepared, pgbouncerVersion, startPgBouncer, type PgBouncerInstance } from '../../../../test/pgbouncer';

const skip = serverMissing('postgres') ?? pgbouncerMissing();

describe.skipIf(skip)('PgBouncer in transaction mode in front of the real PostgreSQL', () => {
  let bouncer: PgBouncerInstance;
  let db: { name: string; drop(): Promise<void> };
  const plainRole = uniqueName('poolscope_r');

  beforeAll(async () => {
    db = await tempPgDatabase();
    const admin = await pgAdmin();
    // An ordinary role the pooler lets in but its admin console does not.
    await admin.query(`CREATE ROLE ${plainRole} LOGIN`);
    await admin.end();
    // Prepared statements untracked, whatever this version's default (1.22+ defaults to 200): the classic transaction-mode case.
    bouncer = await startPgBouncer({
      users: [{ name: pgTarget().user, password: pgPassword() }, { name: plainRole }],
      adminUsers: [pgTarget().user],
      ...(pgbouncerTracksPrepared() ? { maxPreparedStatements: 0 } : {}),
    });
  });

  afterAll(async () => {
    await bouncer?.stop();
    await db?.drop();
    const admin = await pgAdmin();
    await admin.query(`DROP ROLE IF EXISTS ${plainRole}`);
    await admin.end();
  });

  const viaBouncer = (user: string, driver: 'asyncpg' | 'psycopg' = 'asyncpg') =>
    parseProfile({ name: 'via pgbouncer', backend: 'postgresql', host: '127.0.0.1', port: bouncer.port, user, database: db.name, tls: { mode: 'disable' }, service: { driver, environment: 'production' } });

  it('is detected with admin rights: product, pool_mode and the key mismatch, and the asyncpg rule fails', async () => {
    const facts = await collectFacts({ profile: viaBouncer(pgTarget().user), password: pgPassword() });
    expect(facts.facts['pooler.present']).toMatchObject({ value: true });
    expect(facts.facts['pooler.product']?.value).toMatch(/^PgBouncer \d+\.\d+/);
    expect(facts.facts['pooler.pool_mode']).toMatchObject({ value: 'transaction', measured: true });
    expect(facts.facts['pooler.max_client_conn']?.value).toBe(50);
    if (pgbouncerTracksPrepared()) {
      expect(facts.facts['pooler.max_prepared_statements']).toMatchObject({ value: 0, measured: true });
    } else {
      // Before 1.21 SHOW CONFIG has no such key; the reason says so rather than "not reported".
      expect(facts.facts['pooler.max_prepared_statements']).toMatchObject({ value: null });
      expect(facts.facts['pooler.max_prepared_statements']?.unknown).toMatch(/^PgBouncer 1\.\d+\.\d+ has no max_prepared_statements \(PgBouncer 1\.21 added it\)$/);
    }
    expect(String(facts.facts['pooler.evidence']?.value)).toMatch(/backend key -?\d+ ≠ pg_backend_pid\(\) \d+/);
    expect(String(facts.facts['pooler.evidence']?.value)).toContain(`inet_server_port() ${pgTarget().port} ≠ dialled port ${bouncer.port}`);
    // The server behind it is still measured.
    expect(facts.facts.max_connections?.value).toBeGreaterThan(0);
    expect(serverKindOf(viaBouncer('x'), facts).kind).toBe('postgresql-pooler');

    const { checks, advice } = evaluateChecks(viaBouncer(pgTarget().user), facts);
    const rule = checks.find((c) => c.id === 'asyncpg-pgbouncer')!;
    expect(rule.severity).toBe('fail');
    expect(rule.fix?.patch).toEqual({ service: { driver: 'psycopg' }, pool: { poolClass: 'NullPool' } });
    expect(checks.find((c) => c.id === 'pre-ping')?.severity).toBe('fail');
    expect(advice.poolClass.value).toBe('NullPool');
    expect(advice.connectArgs.map((a) => a.key)).toEqual(['statement_cache_size', 'prepared_statement_cache_size', 'prepared_statement_name_func', 'timeout']);
  });

  it('is still detected without admin rights; pool_mode is then unknown with the reason, and the rule warns', async () => {
    const facts = await collectFacts({ profile: viaBouncer(plainRole) });
    expect(facts.facts['pooler.present']?.value).toBe(true);
    expect(facts.facts['pooler.pool_mode']).toMatchObject({ value: null });
    expect(facts.facts['pooler.pool_mode']?.unknown).toMatch(/admin console refused this user/);
    const rule = evaluateChecks(viaBouncer(plainRole), facts).checks.find((c) => c.id === 'asyncpg-pgbouncer')!;
    expect(rule.severity).toBe('warn');
  });

  const tracks = pgbouncerTracksPrepared() ? null : `PgBouncer ${pgbouncerVersion()?.join('.') ?? '(unknown)'} predates max_prepared_statements (1.21)`;
  it.skipIf(tracks)(`with max_prepared_statements=50 the setting is read from SHOW CONFIG and asyncpg keeps its statement cache${tracks ? ` (SKIPPED: ${tracks})` : ''}`, async () => {
    const tracked = await startPgBouncer({ users: [{ name: pgTarget().user, password: pgPassword() }], adminUsers: [pgTarget().user], maxPreparedStatements: 50 });
    try {
      const profile = parseProfile({ ...viaBouncer(pgTarget().user), port: tracked.port });
      const facts = await collectFacts({ profile, password: pgPassword() });
      expect(facts.facts['pooler.max_prepared_statements']).toMatchObject({ value: 50, measured: true });
      const { checks, advice } = evaluateChecks(profile, facts);
      expect(checks.find((c) => c.id === 'asyncpg-pgbouncer')).toMatchObject({ severity: 'pass' });
      expect(advice.connectArgs.map((a) => a.key)).toEqual(['timeout']);
    } finally {
      await tracked.stop();
    }
  });

  it('after switching to psycopg with NullPool (the fix) the rule only reminds of prepare_threshold=None', async () => {
    const profile = parseProfile({ ...viaBouncer(pgTarget().user, 'psycopg'), pool: { poolClass: 'NullPool', prePing: true } });
    const facts = await collectFacts({ profile, password: pgPassword() });
    const { checks, advice } = evaluateChecks(profile, facts);
    expect(checks.find((c) => c.id === 'asyncpg-pgbouncer')?.severity).toBe('info');
    expect(checks.filter((c) => c.severity === 'fail').map((c) => c.id)).toEqual([]);
    expect(advice.connectArgs.map((a) => `${a.key}=${a.python}`)).toEqual(['prepare_threshold=None']);
  });
});
