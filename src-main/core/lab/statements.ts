import { AppError } from '../../shared/errors';
import type { BackendFamily } from '../../shared/backends';
import type { Scenario } from '../../shared/lab-types';

/**
 * Splits on top-level semicolons, skipping string literals, quoted identifiers, dollar-quoted
 * bodies (PostgreSQL) and comments, so "one statement" can be checked without a full parser.
 */
export function countStatements(sql: string, family: BackendFamily): number {
  let count = 0;
  let hasContent = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    // '#' starts a comment only in MySQL; in PostgreSQL it is an operator, and treating it as a
    // comment would hide a following ';' (and a COMMIT that ends the read-only transaction).
    if (c === '#' && family === 'mysql') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < n) {
        if (sql[i] === '\\' && c !== '"') {
          i += 2;
          continue;
        }
        if (sql[i] === c) {
          if (sql[i + 1] === c) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      hasContent = true;
      continue;
    }
    if (c === '$' && family === 'postgresql') {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length);
        i = end === -1 ? n : end + m[0].length;
        hasContent = true;
        continue;
      }
    }
    if (c === ';') {
      if (hasContent) count++;
      hasContent = false;
      i++;
      continue;
    }
    if (!/\s/.test(c)) hasContent = true;
    i++;
  }
  return count + (hasContent ? 1 : 0);
}

/** The statement a scenario runs, with its parameters, or a clear error when the backend cannot run it. */
export function scenarioStatement(family: BackendFamily, query: Scenario['query']): { sql: string; params?: unknown[]; readOnly: boolean } {
  if (query.kind === 'select1') return { sql: 'SELECT 1', readOnly: false };
  if (query.kind === 'sleep') {
    if (family === 'postgresql') return { sql: 'SELECT pg_sleep($1)', params: [query.seconds], readOnly: false };
    if (family === 'mysql') return { sql: 'SELECT SLEEP(?)', params: [query.seconds], readOnly: false };
    throw new AppError('UNSUPPORTED', 'SQLite has no server-side sleep: it runs inside Poolscope\'s process.', 'Use SELECT 1 or a read-only statement of your own for SQLite.');
  }
  const statements = countStatements(query.sql, family);
  if (statements !== 1) {
    throw new AppError(
      'BAD_INPUT',
      statements === 0 ? 'The statement is empty.' : `The load lab runs one statement; this text holds ${statements}.`,
      'Give a single read-only statement, for example SELECT * FROM users WHERE id = 1.',
      { field: 'scenario.query.sql' },
    );
  }
  return { sql: query.sql.trim().replace(/;\s*$/, ''), readOnly: true };
}

/** How each backend opens a read-only transaction for a user's statement. */
export function readOnlyBegin(family: BackendFamily): string | null {
  if (family === 'postgresql') return 'BEGIN TRANSACTION READ ONLY';
  if (family === 'mysql') return 'START TRANSACTION READ ONLY';
  // SQLite: the connection is switched to query_only for the statement (see the runner).
  return null;
}
