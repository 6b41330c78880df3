import { describe, expect, it } from 'vitest';
import { MATRIX_ROWS, MATRIX_WORKLOADS, SERVER_KINDS, cellKey, matrixCell, serverKindOf } from './matrix';
import { mysqlFacts, pgBouncerFacts, pgFacts, sqliteFacts } from '../core/checks/fact-fixtures';

describe('driver selection matrix', () => {
  it('has a row per server kind and a reasoned cell for every kind, workload and environment', () => {
    expect(MATRIX_ROWS.map((r) => r.kind)).toEqual([...SERVER_KINDS]);
    for (const kind of SERVER_KINDS) {
      for (const workload of MATRIX_WORKLOADS) {
        for (const env of ['production', 'test'] as const) {
          const cell = matrixCell(kind, workload, env);
          expect(cell.reasoning.length).toBeGreaterThan(0);
          expect(cellKey(cell)).toBe(`${kind}:${workload}:${env}`);
        }
      }
    }
  });

  it("follows the guide's table where facts.md agrees, and facts.md where it does not", () => {
    expect(matrixCell('postgresql', 'oltp', 'production')).toMatchObject({ driver: 'asyncpg', scheme: 'postgresql+asyncpg://', poolClass: 'default' });
    expect(matrixCell('postgresql', 'bulk', 'production')).toMatchObject({ driver: 'psycopg', scheme: 'postgresql+psycopg://' });
    expect(matrixCell('mysql-compat', 'oltp', 'production')).toMatchObject({ driver: 'aiomysql', scheme: 'mysql+aiomysql://' });
    expect(matrixCell('mysql8-mariadb', 'oltp', 'staging')).toMatchObject({ driver: 'asyncmy', envGroup: 'production' });
    expect(matrixCell('sqlite-memory', 'oltp', 'local')).toMatchObject({ driver: 'aiosqlite', poolClass: 'StaticPool' });
    expect(matrixCell('sqlite-memory', 'oltp', 'production').driver).toBeNull();
    // The guide says StaticPool for a file; SQLAlchemy's default (facts.md) is AsyncAdaptedQueuePool.
    expect(matrixCell('sqlite-file', 'oltp', 'production').poolClass).toBe('default');
    expect(matrixCell('postgresql-pooler', 'oltp', 'production')).toMatchObject({ driver: 'psycopg', poolClass: 'NullPool' });
  });

  it('places a connection by its detected server, not only its saved backend', () => {
    const p = { backend: 'mysql' as const, database: 'app' };
    expect(serverKindOf(p, mysqlFacts({}, { product: 'mariadb', version: '10.5.22' })).kind).toBe('mysql-compat');
    expect(serverKindOf(p, mysqlFacts({}, { product: 'mariadb', version: '10.6.0' })).kind).toBe('mysql8-mariadb');
    expect(serverKindOf(p, mysqlFacts({}, { product: 'mysql', version: '8.0.36' })).basis).toBe('MySQL 8.0.36 from VERSION()');
    const pg = { backend: 'postgresql' as const, database: 'app' };
    expect(serverKindOf(pg, pgFacts()).kind).toBe('postgresql');
    expect(serverKindOf(pg, pgBouncerFacts('transaction')).kind).toBe('postgresql-pooler');
    expect(serverKindOf(pg, pgBouncerFacts(null)).basis).toContain('assumed transaction');
    expect(serverKindOf(pg, pgBouncerFacts('session')).kind).toBe('postgresql');
    expect(serverKindOf({ backend: 'sqlite', database: ':memory:' }, sqliteFacts(true)).kind).toBe('sqlite-memory');
    expect(serverKindOf(pg, null)).toMatchObject({ kind: 'postgresql', detected: false });
  });
});
