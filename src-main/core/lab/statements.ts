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
  const reach = reachesOutside(query.sql, family);
  if (reach) {
    throw new AppError(
      'BAD_INPUT',
      `The load lab does not run this statement: ${reach}.`,
      'A read-only transaction stops writes to tables, not statements that reach the server\'s files, programs or other sessions. Give a query of your application, for example SELECT * FROM users WHERE id = 1.',
      { field: 'scenario.query.sql' },
    );
  }
  return { sql: query.sql.trim().replace(/;\s*$/, ''), readOnly: true };
}

/**
 * Statements a user's SQL may start with. Queries run as given; the writes (INSERT, UPDATE, …)
 * are let through to be refused by the read-only transaction, which says so in the run's errors.
 * Everything else (COPY, DO, CALL, SET, LOAD, KILL, ATTACH, PRAGMA, VACUUM, …) is refused here:
 * a read-only transaction does not stop them.
 */
const FIRST_WORDS = new Set(['select', 'with', 'values', 'table', 'show', 'explain', 'describe', 'desc', 'insert', 'update', 'delete', 'replace', 'merge', 'create']);

/** Words that read or write the server's files, run programs, reach other servers or act on other sessions. */
const OUTSIDE_WORDS: Array<{ test: (w: string) => boolean; why: string }> = [
  { test: (w) => w === 'outfile' || w === 'dumpfile', why: 'INTO OUTFILE / INTO DUMPFILE writes a file on the database server' },
  { test: (w) => w === 'load_file', why: 'LOAD_FILE() reads a file on the database server' },
  { test: (w) => w === 'sys_exec' || w === 'sys_eval', why: 'it runs a program on the database server' },
  { test: (w) => /^pg_(read_file|read_binary_file|stat_file|ls_|file_|logdir_ls)/.test(w), why: 'it reads or lists files on the database server' },
  { test: (w) => w === 'lo_import' || w === 'lo_export', why: 'lo_import / lo_export reach files on the database server' },
  { test: (w) => w.startsWith('dblink'), why: 'dblink opens connections to other servers' },
  {
    test: (w) => /^pg_(terminate_backend|cancel_backend|reload_conf|rotate_logfile|promote|switch_wal|create_restore_point|backup_start|backup_stop|start_backup|stop_backup|log_backend_memory_contexts|notify)$/.test(w) || /^pg_(create|drop|copy)_.*replication_slot$/.test(w),
    why: 'it acts on the server or on other sessions',
  },
];

/**
 * Why a user's statement reaches outside the database, or null. Looks at the code only: string
 * literals and comments are skipped, except MySQL's executable comments (slash-star-bang), which
 * the server runs; quoted identifiers count as words ("pg_read_file"(...) calls the function).
 */
export function reachesOutside(sql: string, family: BackendFamily): string | null {
  // Whether a backslash escapes a quote depends on the server's settings (standard_conforming_strings,
  // E'' strings, NO_BACKSLASH_ESCAPES): read the text both ways, so a quote cannot hide code.
  return scanOutside(sql, family, true) ?? scanOutside(sql, family, false);
}

function scanOutside(sql: string, family: BackendFamily, backslashEscapes: boolean): string | null {
  const words: string[] = [];
  let first: string | null = null;
  let i = 0;
  const n = sql.length;
  const word = (w: string): void => {
    const lower = w.toLowerCase();
    if (first === null) first = lower;
    words.push(lower);
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '#' && family === 'mysql') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      // MySQL and MariaDB run the text of /*! … */ and /*M! … */ (optionally versioned): it is code.
      const exec = family === 'mysql' && /^\/\*M?!/.exec(sql.slice(i, i + 4));
      if (exec) {
        i += exec[0].length;
        while (i < n && /\d/.test(sql[i]!)) i++;
        continue;
      }
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === '*' && next === '/' && family === 'mysql') {
      i += 2;
      continue;
    }
    if (family === 'postgresql' && (c === 'U' || c === 'u') && next === '&' && (sql[i + 2] === '"' || sql[i + 2] === "'")) {
      return 'it uses a Unicode-escaped name or string (U&…), which Poolscope cannot check';
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < n) {
        if (sql[j] === '\\' && backslashEscapes && c !== '`') {
          text += sql[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j];
        j++;
      }
      // Identifiers ("…" in PostgreSQL and ANSI_QUOTES MySQL, `…` in MySQL) are words; strings are not.
      if (c !== "'") word(text);
      i = j + 1;
      continue;
    }
    if (c === '$' && family === 'postgresql') {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length);
        i = end === -1 ? n : end + m[0].length;
        continue;
      }
    }
    const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 200));
    if (m) {
      word(m[0]);
      i += m[0].length;
      continue;
    }
    if (c === '(' && first === null) first = '(';
    i++;
  }
  if (first !== null && first !== '(' && !FIRST_WORDS.has(first)) {
    return `it is a ${String(first).toUpperCase()} statement, not a query (COPY, DO, CALL, SET, LOAD and the like can reach files, programs or settings on the server)`;
  }
  for (const w of words) {
    const hit = OUTSIDE_WORDS.find((o) => o.test(w));
    if (hit) return hit.why;
  }
  return null;
}

/** How each backend opens a read-only transaction for a user's statement. */
export function readOnlyBegin(family: BackendFamily): string | null {
  if (family === 'postgresql') return 'BEGIN TRANSACTION READ ONLY';
  if (family === 'mysql') return 'START TRANSACTION READ ONLY';
  // SQLite: the connection is switched to query_only for the statement (see the runner).
  return null;
}
