import { describe, expect, it } from 'vitest';
import type { ColumnMapping, Verdict, VerdictLevel } from '@shared/typemap-model';
import { filterColumns, searchIndex, worstVerdict } from './filter';

const v = (level: VerdictLevel): Verdict => ({ level, lost: [], detail: '' });
function col(table: string, column: string, levels: [VerdictLevel, VerdictLevel, VerdictLevel], generic = 'String(10)'): ColumnMapping {
  return {
    table, column, ordinal: 1, nativeType: 'VARCHAR', nullable: true, default: null, autoincrement: false, primaryKey: false,
    reflected: generic, generic, genericModule: 'sqlalchemy', notes: [], portable: generic,
    ddl: { postgresql: { ok: true, ddl: 'X' }, mysql: { ok: true, ddl: 'X' }, sqlite: { ok: true, ddl: 'X' } },
    verdicts: { postgresql: v(levels[0]), mysql: v(levels[1]), sqlite: v(levels[2]) },
  };
}

describe('types grid filter', () => {
  const columns = [
    col('tenants', 'timezone', ['portable', 'unsupported', 'portable'], 'String()'),
    col('users', 'last_login_at', ['portable', 'lossy', 'lossy'], 'DateTime(timezone=True)'),
    col('users', 'email', ['portable', 'portable', 'portable']),
  ];
  const index = searchIndex(columns);
  const base = { search: '', verdict: 'all' as const, target: 'any' as const, table: null };

  it('takes the worst verdict over the three targets', () => {
    expect(columns.map(worstVerdict)).toEqual(['unsupported', 'lossy', 'portable']);
  });

  it('filters by verdict on any target or on one target', () => {
    expect(filterColumns(columns, index, { ...base, verdict: 'unsupported' })).toEqual([0]);
    expect(filterColumns(columns, index, { ...base, verdict: 'lossy', target: 'sqlite' })).toEqual([1]);
    expect(filterColumns(columns, index, { ...base, verdict: 'portable', target: 'sqlite' })).toEqual([0, 2]);
  });

  it('searches table, column and type text case-insensitively, and filters by table', () => {
    expect(filterColumns(columns, index, { ...base, search: 'DATETIME' })).toEqual([1]);
    expect(filterColumns(columns, index, { ...base, search: 'users.' })).toEqual([1, 2]);
    expect(filterColumns(columns, index, { ...base, table: 'tenants' })).toEqual([0]);
  });
});
