import { describe, expect, it } from 'vitest';
import { recommend } from '../../advice/recommend';
import { mysqlFacts, pgBouncerFacts, pgFacts, profileFor, runRule, sqliteFacts } from '../fact-fixtures';
import { prePingRule } from './pre-ping.check';
import { maxConnectionsRule } from './max-connections.check';
import { poolClassRule } from './pool-class.check';
import { forkSafetyRule } from './fork-safety.check';
import { driverChoiceRule } from './driver-choice.check';
import { tlsRule } from './tls.check';

const pg = (pool = {}, service = {}, extra = {}) => profileFor('postgresql', { pool, service, ...extra });

describe('pre-ping rule', () => {
  it('fails with pre_ping off behind PgBouncer and passes once it is on', () => {
    const r = runRule(prePingRule, pg(), pgBouncerFacts('session'))!;
    expect(r.severity).toBe('fail');
    expect(r.fix?.patch).toEqual({ pool: { prePing: true } });
    expect(runRule(prePingRule, pg({ prePing: true }), pgBouncerFacts('session'))!.severity).toBe('pass');
  });

  it('warns in production or towards another machine, passes on a local loopback server', () => {
    expect(runRule(prePingRule, pg({}, { environment: 'production' }), pgFacts())!.severity).toBe('warn');
    expect(runRule(prePingRule, pg({}, {}, { host: 'db.internal' }), pgFacts())!.severity).toBe('warn');
    expect(runRule(prePingRule, pg(), pgFacts())!.severity).toBe('pass');
    expect(runRule(prePingRule, profileFor('mariadb'), mysqlFacts())!.severity).toBe('info');
  });
});

describe('max-connections rule', () => {
  it('passes a default pool on an idle server', () => {
    const r = runRule(maxConnectionsRule, pg(), pgFacts())!;
    expect(r.severity).toBe('pass');
    expect(r.summary).toBe('1 × 15 = 15 connections at most; 97 usable (max_connections 100 − 3 reserved), 5 other sessions now → 20 of 97 (21%).');
  });

  it('fails when processes × (pool_size + max_overflow) exceed what is left, and sizes a fix that fits', () => {
    const r = runRule(maxConnectionsRule, pg({}, { processes: 8 }), pgFacts())!;
    expect(r.severity).toBe('fail');
    expect(r.summary).toContain('8 × 15 = 120 connections');
    // budget: floor(97 × 0.7) − 5 = 62 → 7 per process
    expect(r.fix?.patch).toEqual({ pool: { poolSize: 5, maxOverflow: 2 } });
  });

  it('warns above the 70% mark, fails for an unbounded pool, and honours MAX_USER_CONNECTIONS', () => {
    // 5 × 15 = 75: fits the 92 free slots but not the 70% budget of 62.
    const warn = runRule(maxConnectionsRule, pg({}, { processes: 5 }), pgFacts())!;
    expect(warn.severity).toBe('warn');
    expect(warn.summary).toContain('Above the 70% mark (postgresqltuner)');
    expect(warn.why).toContain('PostgreSQL "sorry, too many clients already" (53300)');
    expect(warn.why).toContain('MySQL and MariaDB answer "Too many connections" (1040)');
    expect(runRule(maxConnectionsRule, pg({}, { processes: 4 }), pgFacts())!.severity).toBe('pass');
    expect(runRule(maxConnectionsRule, pg({ maxOverflow: -1 }), pgFacts())!.severity).toBe('fail');
    const limited = runRule(maxConnectionsRule, profileFor('mariadb'), mysqlFacts({ account_max_connections: 10 }))!;
    expect(limited.severity).toBe('fail');
    expect(limited.summary).toContain('limit of 10');
  });

  it('sizes NullPool by the concurrency per process, and only notes it when that is not given', () => {
    expect(runRule(maxConnectionsRule, pg({ poolClass: 'NullPool' }), pgBouncerFacts('transaction'))!.severity).toBe('info');
    const r = runRule(maxConnectionsRule, pg({ poolClass: 'NullPool' }, { processes: 4, concurrencyPerProcess: 22 }), pgBouncerFacts('transaction'))!;
    expect(r.severity).toBe('warn');
    expect(r.summary).toContain('PgBouncer max_client_conn 100');
    // The 85% on max_client_conn is MySQLTuner's number; postgresqltuner's is 70% and concerns max_connections.
    expect(r.summary).toContain("Above the 85% mark (MySQLTuner's mark, borrowed: no tuner rates max_client_conn)");
    expect(r.summary).not.toContain('postgresqltuner');
    const sized = recommend(pg({ poolClass: 'NullPool' }, { processes: 4, concurrencyPerProcess: 22 }), pgBouncerFacts('transaction')).sizing.reason;
    expect(sized).toContain('(100 max_client_conn − 0 reserved, × 0.85 target (MySQLTuner\'s mark, borrowed: no tuner rates max_client_conn), − 0 other sessions)');
    expect(runRule(maxConnectionsRule, pg({ poolClass: 'NullPool' }, { processes: 6, concurrencyPerProcess: 20 }), pgBouncerFacts('transaction'))!.severity).toBe('fail');
  });

  it('is only informational when the server limits could not be read', () => {
    expect(runRule(maxConnectionsRule, pg(), pgFacts({ max_connections: null }))!.severity).toBe('info');
  });
});

describe('pool-class rule', () => {
  it('fails StaticPool on a network database and passes the default', () => {
    const r = runRule(poolClassRule, pg({ poolClass: 'StaticPool' }), pgFacts())!;
    expect(r.severity).toBe('fail');
    expect(r.fix?.patch).toEqual({ pool: { poolClass: 'default' } });
    expect(runRule(poolClassRule, pg(), pgFacts())!.severity).toBe('pass');
  });

  it('notes that QueuePool is AsyncAdaptedQueuePool in an async engine, and NullPool without a pooler', () => {
    const q = runRule(poolClassRule, pg({ poolClass: 'QueuePool' }), pgFacts())!;
    expect(q.severity).toBe('info');
    expect(q.summary).toContain('AsyncAdaptedQueuePool');
    expect(runRule(poolClassRule, pg({ poolClass: 'NullPool' }, { environment: 'production' }), pgFacts())!.severity).toBe('info');
    expect(runRule(poolClassRule, pg({ poolClass: 'NullPool' }, { environment: 'test' }), pgFacts())!.severity).toBe('pass');
  });
});

describe('fork-safety rule', () => {
  it('warns for asyncpg with several processes and passes for one process or NullPool', () => {
    const r = runRule(forkSafetyRule, pg({}, { processes: 4, driver: 'asyncpg' }), pgFacts())!;
    expect(r.severity).toBe('warn');
    expect(r.fix?.python).toContain('create_async_engine(DATABASE_URL)');
    expect(runRule(forkSafetyRule, pg({}, { processes: 4, driver: 'psycopg' }), pgFacts())!.severity).toBe('info');
    expect(runRule(forkSafetyRule, pg({}, { processes: 1 }), pgFacts())!.severity).toBe('pass');
    expect(runRule(forkSafetyRule, pg({ poolClass: 'NullPool' }, { processes: 4 }), pgFacts())!.severity).toBe('pass');
  });
});

describe('driver-choice rule', () => {
  it('fails an in-memory SQLite database in production', () => {
    expect(runRule(driverChoiceRule, profileFor('sqlite', { service: { environment: 'production' } }), sqliteFacts(true))!.severity).toBe('fail');
  });

  it('notes a driver the matrix would not pick and passes the matrix choice', () => {
    const r = runRule(driverChoiceRule, pg({}, { driver: 'asyncpg', workload: 'bulk' }), pgFacts())!;
    expect(r.severity).toBe('info');
    expect(r.fix?.patch).toEqual({ service: { driver: 'psycopg' } });
    expect(runRule(driverChoiceRule, pg({}, { driver: 'asyncpg' }), pgFacts())!.severity).toBe('pass');
  });

  it('never calls asyncpg behind PgBouncer a match for the psycopg cell, and names the scheme of the driver in use', () => {
    const r = runRule(driverChoiceRule, pg({}, { driver: 'asyncpg' }), pgBouncerFacts('transaction'))!;
    expect(r.severity).not.toBe('pass');
    expect(r.summary).not.toContain('matches');
    expect(r.summary).toContain('asyncpg where the matrix suggests psycopg 3');
    expect(r.summary).toContain('asyncpg-pgbouncer');
    expect(r.fix).toBeUndefined();
    const ok = runRule(driverChoiceRule, pg({}, { driver: 'psycopg' }), pgBouncerFacts('transaction'))!;
    expect(ok.severity).toBe('pass');
    expect(ok.summary).toContain('psycopg 3 (postgresql+psycopg://) matches the matrix cell');
    for (const c of [r, ok]) expect(c.summary).not.toMatch(/asyncpg \(postgresql\+psycopg/);
  });

  it('says asyncpg works behind a PgBouncer that tracks prepared statements, still without calling it the cell', () => {
    const facts = pgBouncerFacts('transaction', { 'pooler.product': 'PgBouncer 1.22.1', 'pooler.max_prepared_statements': 200 });
    const r = runRule(driverChoiceRule, pg({}, { driver: 'asyncpg' }), facts)!;
    expect(r.severity).toBe('info');
    expect(r.summary).toContain('max_prepared_statements=200');
    expect(r.summary).not.toContain('matches');
  });

  it('says so when a mysql profile reaches MariaDB', () => {
    const r = runRule(driverChoiceRule, profileFor('mysql', { service: { driver: 'asyncmy' } }), mysqlFacts())!;
    expect(r.severity).toBe('info');
    expect(r.summary).toContain('the server is MariaDB 10.11.19');
  });
});

describe('tls rule', () => {
  it('warns without TLS to another machine in production and passes with TLS or on loopback', () => {
    expect(runRule(tlsRule, pg({}, { environment: 'production' }, { host: 'db.example.com' }), pgFacts({ tls: false }))!.severity).toBe('warn');
    expect(runRule(tlsRule, pg({}, { environment: 'production' }, { host: 'db.example.com' }), pgFacts({ tls: true }))!.severity).toBe('pass');
    expect(runRule(tlsRule, pg(), pgFacts({ tls: false }))!.severity).toBe('pass');
  });
});
