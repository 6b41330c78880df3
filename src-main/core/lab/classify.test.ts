import { describe, expect, it } from 'vitest';
import { isPreparedStatementKind } from '../../shared/lab-types';
import { classifyError, errorText } from './classify';

/** A pg DatabaseError as the pg driver gives it: message and SQLSTATE code. */
function pgError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('load-lab error kinds', () => {
  it('names prepared-statement failures as the profile\'s Python driver raises them', () => {
    const missing = pgError('prepared statement "__asyncpg_stmt_a__" does not exist', '26000');
    const duplicate = pgError('prepared statement "_pg3_0" already exists', '42P05');
    expect(classifyError(missing, 'asyncpg')).toBe('InvalidSQLStatementNameError');
    expect(classifyError(duplicate, 'asyncpg')).toBe('DuplicatePreparedStatementError');
    expect(classifyError(missing, 'psycopg')).toBe('InvalidSqlStatementName');
    expect(classifyError(duplicate, 'psycopg')).toBe('DuplicatePreparedStatement');
    expect(classifyError(missing)).toBe('prepared statement does not exist');
    expect(errorText(missing)).toBe('prepared statement "__asyncpg_stmt_a__" does not exist [26000]');
  });

  it('tells prepared-statement kinds from the others', () => {
    for (const driver of ['asyncpg', 'psycopg', 'plain'] as const) {
      expect(isPreparedStatementKind(classifyError(pgError('x', '26000'), driver))).toBe(true);
      expect(isPreparedStatementKind(classifyError(pgError('x', '42P05'), driver))).toBe(true);
    }
    expect(classifyError(pgError('syntax error at or near "SELEC"', '42601'), 'asyncpg')).toBe('query');
    expect(isPreparedStatementKind('query')).toBe(false);
    expect(isPreparedStatementKind('pool timeout')).toBe(false);
  });
});
