import { describe, expect, it } from 'vitest';
import { pgBouncerFacts, pgFacts, profileFor, runRule } from '../fact-fixtures';
import { idleSessionTimeoutRule } from './idle-session-timeout.check';
import { asyncpgPgbouncerRule } from './asyncpg-pgbouncer.check';
import { superuserReservedRule } from './superuser-reserved.check';
import { connectionUsageRule } from './connection-usage.check';
import { serverTimeoutsRule } from './server-timeouts.check';
import { serverCharsetRule } from './server-charset.check';
import { isolationLevelRule } from './isolation-level.check';
import { recommend } from '../../advice/recommend';

const pg = (pool = {}, service = {}) => profileFor('postgresql', { pool, service });

describe('idle-session-timeout rule', () => {
  it('passes while idle_session_timeout is off, and on PostgreSQL 13 which has none', () => {
    expect(runRule(idleSessionTimeoutRule, pg(), pgFacts())!.severity).toBe('pass');
    expect(runRule(idleSessionTimeoutRule, pg(), pgFacts({}, '13.14'))!.severity).toBe('pass');
  });

  it('fails when recycling is off under a 10 minute idle_session_timeout, and fixes to half of it', () => {
    const r = runRule(idleSessionTimeoutRule, pg(), pgFacts({ idle_session_timeout: 600_000 }))!;
    expect(r.severity).toBe('fail');
    expect(r.fix?.patch).toEqual({ pool: { recycle: 300 } });
    expect(runRule(idleSessionTimeoutRule, pg({ recycle: 300 }), pgFacts({ idle_session_timeout: 600_000 }))!.severity).toBe('pass');
  });

  it('uses PgBouncer client_idle_timeout when it is the tighter limit', () => {
    const r = runRule(idleSessionTimeoutRule, pg({ recycle: 500 }), pgBouncerFacts('session', { 'pooler.client_idle_timeout': 120 }))!;
    expect(r.severity).toBe('fail');
    expect(r.summary).toContain('client_idle_timeout');
    expect(r.fix?.patch).toEqual({ pool: { recycle: 60 } });
  });
});

describe('asyncpg-pgbouncer rule', () => {
  it('fails asyncpg behind PgBouncer in transaction mode with the psycopg fix and the full asyncpg recipe', () => {
    const r = runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), pgBouncerFacts('transaction'))!;
    expect(r.severity).toBe('fail');
    expect(r.fix?.patch).toEqual({ service: { driver: 'psycopg' }, pool: { poolClass: 'NullPool' } });
    const code = r.fix!.python!;
    expect(code).toContain('"prepare_threshold": None');
    expect(code).toContain('"statement_cache_size": 0');
    expect(code).toContain('prepared_statement_cache_size=0');
    expect(code).toContain('"prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__"');
    expect(code).toContain('from uuid import uuid4');
    expect(code).toContain('poolclass=NullPool');
  });

  it('warns when the pool_mode could not be read, and passes in session mode or without a pooler', () => {
    expect(runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), pgBouncerFacts(null))!.severity).toBe('warn');
    expect(runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), pgBouncerFacts('session'))!.severity).toBe('pass');
    expect(runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), pgFacts())!.severity).toBe('pass');
  });

  it('passes asyncpg when PgBouncer 1.21+ tracks prepared statements (max_prepared_statements > 0): the statement cache stays, no unique names needed', () => {
    const facts = pgBouncerFacts('transaction', { 'pooler.product': 'PgBouncer 1.22.1', 'pooler.max_prepared_statements': 200 });
    const r = runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), facts)!;
    expect(r.severity).toBe('pass');
    expect(r.summary).toContain('max_prepared_statements=200');
    expect(r.summary).toContain("asyncpg's statement cache works");
    expect(r.summary).toContain('prepared_statement_name_func is not needed');
    expect(r.fix).toBeUndefined();
    expect(r.evidence.map((e) => e.name)).toContain('pooler.max_prepared_statements');
    const advice = recommend(pg({}, { driver: 'asyncpg' }), facts);
    expect(advice.connectArgs.map((a) => a.key)).toEqual(['timeout']);
    expect(advice.poolClass.value).toBe('NullPool');
    expect(advice.notes.join(' ')).toMatch(/tracks protocol-level prepared statements \(pooler\.max_prepared_statements=200 measured.*prepared_statement_name_func is not needed/);
  });

  it('says when max_prepared_statements is below asyncpg\'s 100 cached statements (re-prepared, not failing)', () => {
    const r = runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), pgBouncerFacts('transaction', { 'pooler.max_prepared_statements': 50 }))!;
    expect(r.severity).toBe('pass');
    expect(r.summary).toContain('fewer than asyncpg\'s 100');
  });

  it('keeps the full asyncpg recipe when max_prepared_statements is 0 or could not be read', () => {
    for (const value of [0, null]) {
      const facts = pgBouncerFacts('transaction', { 'pooler.max_prepared_statements': value });
      expect(runRule(asyncpgPgbouncerRule, pg({}, { driver: 'asyncpg' }), facts)!.severity).toBe('fail');
      const advice = recommend(pg({}, { driver: 'asyncpg' }), facts);
      expect(advice.connectArgs.map((a) => a.key)).toEqual(['statement_cache_size', 'prepared_statement_cache_size', 'prepared_statement_name_func', 'timeout']);
      expect(advice.notes.join(' ')).not.toContain('tracks protocol-level');
    }
  });

  it('keeps prepare_threshold=None for psycopg even with max_prepared_statements > 0 (psycopg needs PgBouncer 1.22+ and libpq 17+ for it)', () => {
    const facts = pgBouncerFacts('transaction', { 'pooler.max_prepared_statements': 200 });
    const r = runRule(asyncpgPgbouncerRule, pg({ poolClass: 'NullPool' }, { driver: 'psycopg' }), facts)!;
    expect(r.severity).toBe('info');
    expect(r.summary).toContain('libpq is 17 or newer');
    expect(recommend(pg({}, { driver: 'psycopg' }), facts).connectArgs.map((a) => `${a.key}=${a.python}`)).toEqual(['prepare_threshold=None']);
  });

  it('reminds psycopg users of prepare_threshold=None behind transaction pooling', () => {
    const r = runRule(asyncpgPgbouncerRule, pg({ poolClass: 'NullPool' }, { driver: 'psycopg' }), pgBouncerFacts('transaction'))!;
    expect(r.severity).toBe('info');
    expect(r.fix?.python).toContain('"prepare_threshold": None');
  });
});

describe('superuser-reserved rule', () => {
  it('warns at 0 (postgresqltuner: bad) and passes at the default 3', () => {
    const r = runRule(superuserReservedRule, pg(), pgFacts({ superuser_reserved_connections: 0 }))!;
    expect(r.severity).toBe('warn');
    expect(r.fix?.sql).toContain('superuser_reserved_connections = 3');
    expect(runRule(superuserReservedRule, pg(), pgFacts())!.severity).toBe('pass');
  });
});

describe('connection-usage rule (PostgreSQL)', () => {
  it('warns above 70% of max_connections and passes below', () => {
    expect(runRule(connectionUsageRule, pg(), pgFacts({ sessions: 75 }))!.severity).toBe('warn');
    expect(runRule(connectionUsageRule, pg(), pgFacts({ sessions: 70 }))!.severity).toBe('pass');
  });
});

describe('server-timeouts rule', () => {
  it('notes idle_in_transaction_session_timeout and statement_timeout, passes without them', () => {
    const r = runRule(serverTimeoutsRule, pg(), pgFacts({ idle_in_transaction_session_timeout: 60_000 }))!;
    expect(r.severity).toBe('info');
    expect(r.summary).toContain('idle_in_transaction_session_timeout=60000 ms');
    expect(runRule(serverTimeoutsRule, pg(), pgFacts())!.severity).toBe('pass');
  });
});

describe('server-charset rule (PostgreSQL)', () => {
  it('passes for UTF8 and warns for SQL_ASCII', () => {
    expect(runRule(serverCharsetRule, pg(), pgFacts())!.severity).toBe('pass');
    expect(runRule(serverCharsetRule, pg(), pgFacts({ server_encoding: 'SQL_ASCII' }))!.severity).toBe('warn');
  });
});

describe('isolation-level rule (PostgreSQL)', () => {
  it('passes on the READ COMMITTED default and warns when the server default was changed', () => {
    expect(runRule(isolationLevelRule, pg(), pgFacts())!.severity).toBe('pass');
    const r = runRule(isolationLevelRule, pg(), pgFacts({ default_transaction_isolation: 'SERIALIZABLE' }))!;
    expect(r.severity).toBe('warn');
    expect(r.summary).toContain('40001');
    expect(r.fix?.patch).toEqual({ service: { isolationLevel: 'SERIALIZABLE' } });
  });
});
