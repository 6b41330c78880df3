import { describe, expect, it } from 'vitest';
import { recommend } from './recommend';
import { evidenceText } from '../../shared/advice';
import { mysqlFacts, pgBouncerFacts, pgFacts, profileFor, sqliteFacts } from '../checks/fact-fixtures';

describe('recommendation engine', () => {
  it('recycles at half the measured wait_timeout, with a reason that cites the measurement', () => {
    const rec = recommend(profileFor('mariadb'), mysqlFacts({ wait_timeout: 1800 }));
    expect(rec.poolRecycle).toMatchObject({ key: 'pool_recycle', value: 900, python: '900', origin: 'measured', changed: true });
    expect(rec.poolRecycle.reason).toBe('half of wait_timeout=1800 measured on mariadb 10.11.19 on 2026-11-24');
    expect(rec.prePing).toMatchObject({ value: true, python: 'True' });
    expect(rec.patch.pool).toMatchObject({ recycle: 900, prePing: true });
  });

  it('keeps a profile recycle that is already within half of wait_timeout', () => {
    const rec = recommend(profileFor('mariadb', { pool: { recycle: 600 } }), mysqlFacts({ wait_timeout: 1800 }));
    expect(rec.poolRecycle).toMatchObject({ value: 600, origin: 'profile', changed: false });
    expect(rec.patch.pool?.recycle).toBeUndefined();
  });

  it('picks the matrix driver from the detected server and writes charset=utf8mb4 into the URL', () => {
    const rec = recommend(profileFor('mysql'), mysqlFacts({}, { product: 'mariadb', version: '10.11.19' }));
    expect(rec.serverKind).toBe('mysql8-mariadb');
    expect(rec.driver).toMatchObject({ value: 'asyncmy', origin: 'matrix' });
    expect(rec.url.value).toBe('mysql+asyncmy://app@127.0.0.1:3306/app?charset=utf8mb4');
    expect(rec.url.scheme).toBe('mysql+asyncmy://');
    expect(rec.connectArgs.map((a) => [a.key, a.where])).toEqual([['charset', 'url']]);
    expect(rec.patch.options).toEqual({ charset: 'utf8mb4' });
    const old = recommend(profileFor('mysql'), mysqlFacts({}, { product: 'mysql', version: '5.7.44' }));
    expect(old.serverKind).toBe('mysql-compat');
    expect(old.driver.value).toBe('aiomysql');
  });

  it('behind PgBouncer in transaction mode: NullPool and the full asyncpg recipe when asyncpg is chosen', () => {
    const rec = recommend(profileFor('postgresql', { service: { driver: 'asyncpg' } }), pgBouncerFacts('transaction'));
    expect(rec.serverKind).toBe('postgresql-pooler');
    expect(rec.poolClass).toMatchObject({ value: 'NullPool', python: 'NullPool' });
    expect(rec.poolSize).toBeNull();
    expect(rec.maxOverflow).toBeNull();
    expect(rec.connectArgs.map((a) => `${a.where}:${a.key}=${a.python}`)).toEqual([
      'connect_args:statement_cache_size=0',
      'url:prepared_statement_cache_size=0',
      'connect_args:prepared_statement_name_func=lambda: f"__asyncpg_{uuid4()}__"',
      'connect_args:timeout=10',
    ]);
    expect(rec.url.value).toContain('prepared_statement_cache_size=0');
    expect(rec.driver.reason).toContain('the matrix suggests psycopg 3');
    const psycopg = recommend(profileFor('postgresql'), pgBouncerFacts('transaction'));
    expect(psycopg.driver.value).toBe('psycopg');
    expect(psycopg.connectArgs.map((a) => `${a.key}=${a.python}`)).toEqual(['prepare_threshold=None']);
  });

  it('uses StaticPool for in-memory SQLite and leaves pool sizing out for it', () => {
    const rec = recommend(profileFor('sqlite', { pool: { poolClass: 'QueuePool' } }), sqliteFacts(true));
    expect(rec.poolClass.value).toBe('StaticPool');
    expect(rec.poolSize).toBeNull();
    expect(rec.patch.pool).toEqual({ poolClass: 'StaticPool' });
    expect(rec.isolationLevel.value).toBeNull();
    expect(rec.url.value).toBe('sqlite+aiosqlite://');
  });

  it('writes plain QueuePool as AsyncAdaptedQueuePool and sizes pools to the server budget', () => {
    const rec = recommend(profileFor('postgresql', { pool: { poolClass: 'QueuePool' }, service: { processes: 8, concurrencyPerProcess: 12 } }), pgFacts());
    expect(rec.poolClass).toMatchObject({ value: 'AsyncAdaptedQueuePool', changed: false });
    // floor(97 × 0.7) − 5 other sessions = 62 → 7 per process; 12 needed does not fit: the pool stays
    // sized for the workload (never shrunk to squeeze in) and fits=false makes max-connections fail.
    expect(rec.sizing).toMatchObject({ poolSize: 12, maxOverflow: 0, perProcessBudget: 7, fits: false, budget: 62 });
    expect(rec.poolSize).toMatchObject({ value: 12 });
  });

  it('cites idle_session_timeout in milliseconds with its seconds, since pool_recycle is in seconds', () => {
    const rec = recommend(profileFor('postgresql'), pgFacts({ idle_session_timeout: 600_000 }));
    expect(rec.poolRecycle.value).toBe(300);
    expect(rec.poolRecycle.reason).toBe('half of idle_session_timeout=600000 ms (600 s) measured on postgresql 15.20 on 2026-11-24');
    expect(recommend(profileFor('postgresql', { pool: { recycle: 200 } }), pgFacts({ idle_session_timeout: 1500_000 })).poolRecycle.reason).toBe(
      'within half of idle_session_timeout=1500000 ms (1500 s) measured on postgresql 15.20 on 2026-11-24',
    );
    const bouncer = recommend(profileFor('postgresql', { pool: { poolClass: 'QueuePool' } }), pgBouncerFacts('session', { 'pooler.client_idle_timeout': 120 }));
    expect(bouncer.poolRecycle.reason).toBe('half of pooler.client_idle_timeout=120 s measured on postgresql 15.20 on 2026-11-24');
  });

  it('leaves PostgreSQL READ COMMITTED alone and proposes READ COMMITTED for MySQL', () => {
    expect(recommend(profileFor('postgresql'), pgFacts()).isolationLevel.value).toBeNull();
    const my = recommend(profileFor('mariadb'), mysqlFacts());
    expect(my.isolationLevel).toMatchObject({ value: 'READ COMMITTED', python: '"READ COMMITTED"' });
    expect(my.isolationLevel.reason).toContain('transaction_isolation=REPEATABLE READ measured on mariadb');
  });

  it('works before the first check, from the saved backend only, and says so', () => {
    const rec = recommend(profileFor('postgresql'), null);
    expect(rec.serverKind).toBe('postgresql');
    expect(rec.notes[0]).toContain('not been checked yet');
    expect(rec.sizing.budget).toBeNull();
    expect(evidenceText(rec.poolRecycle.evidence[1]!)).toContain('unknown');
  });

  it('gives asyncpg its connect timeout and application_name in connect_args, never in the URL', () => {
    const rec = recommend(profileFor('postgresql', { service: { driver: 'asyncpg' }, options: { applicationName: 'orders-api', connectTimeoutSec: 5 } }), pgFacts());
    expect(rec.connectArgs.map((a) => `${a.where}:${a.key}=${a.python}`)).toEqual(['connect_args:timeout=5', 'connect_args:server_settings={"application_name": "orders-api"}']);
    expect(rec.url.value).not.toContain('application_name');
    expect(rec.url.value).not.toContain('timeout');
    const psycopg = recommend(profileFor('postgresql', { service: { driver: 'psycopg' }, options: { applicationName: 'orders-api' } }), pgFacts());
    expect(psycopg.connectArgs).toEqual([]);
    expect(psycopg.url.value).toContain('application_name=orders-api');
  });
});
