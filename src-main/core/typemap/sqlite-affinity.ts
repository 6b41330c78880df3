import type { SaType } from './satype';

/**
 * SQLite's column affinity, by the five rules of https://www.sqlite.org/datatype3.html section 3.1,
 * applied in order to the declared type (case-insensitive substring matches):
 *   1. contains "INT"                     -> INTEGER
 *   2. contains "CHAR", "CLOB" or "TEXT"  -> TEXT
 *   3. contains "BLOB", or no type at all -> BLOB
 *   4. contains "REAL", "FLOA" or "DOUB"  -> REAL
 *   5. otherwise                          -> NUMERIC
 * So "UUID", "JSON", "BOOLEAN" and "TIMESTAMP WITH TIME ZONE" get NUMERIC affinity, and
 * "POINT" gets INTEGER (it contains "INT").
 */
export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

export function sqliteAffinity(declared: string): Affinity {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** SQLAlchemy 2.0's SQLite `ischema_names`: declared names it recognises before falling back to affinity. */
const SQLITE_ISCHEMA: Record<string, string> = {
  BIGINT: 'BIGINT',
  BLOB: 'BLOB',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  CHAR: 'CHAR',
  DATE: 'DATE',
  DATE_CHAR: 'DATE',
  DATETIME: 'DATETIME',
  DATETIME_CHAR: 'DATETIME',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL',
  FLOAT: 'FLOAT',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  JSON: 'sqlite.JSON',
  NUMERIC: 'NUMERIC',
  REAL: 'REAL',
  SMALLINT: 'SMALLINT',
  TEXT: 'TEXT',
  TIME: 'TIME',
  TIME_CHAR: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  VARCHAR: 'VARCHAR',
  NVARCHAR: 'NVARCHAR',
  NCHAR: 'NCHAR',
};

/** Positional constructor parameters, for `coltype(*args)`; classes taking none raise TypeError on args. */
const POSITIONAL: Record<string, Array<keyof SaType>> = {
  VARCHAR: ['length'],
  NVARCHAR: ['length'],
  NCHAR: ['length'],
  CHAR: ['length'],
  TEXT: ['length'],
  BLOB: ['length'],
  NUMERIC: ['precision', 'scale'],
  DECIMAL: ['precision', 'scale'],
  FLOAT: ['precision'],
  REAL: ['precision'],
  DOUBLE: ['precision'],
  DATETIME: ['timezone'],
  TIMESTAMP: ['timezone'],
  TIME: ['timezone'],
};

export interface SqliteReflection {
  type: SaType;
  /** True when SQLAlchemy did not recognise the declared name and fell back to the affinity rules. */
  affinityFallback: boolean;
  /** SQLAlchemy warns "Could not instantiate type ... using no arguments" and drops the arguments. */
  droppedArgs: boolean;
}

/**
 * SQLAlchemy 2.0's `SQLiteDialect._resolve_type_affinity`, step by step: the declared type is
 * upper-cased, split by `([\w ]+)(\(.*?\))?`, looked up in ischema_names, else resolved by the
 * affinity rules (INTEGER, TEXT, NullType, REAL, NUMERIC), and the numbers in the parentheses are
 * passed positionally.
 */
export function resolveSqliteType(declared: string): SqliteReflection {
  const upper = declared.toUpperCase();
  const m = /^([\w ]+)(\(.*?\))?/.exec(upper);
  const name = m ? m[1]! : '';
  const argText = m ? m[2] : '';
  let cls: string;
  let affinityFallback = false;
  const known = SQLITE_ISCHEMA[name];
  if (known) cls = known;
  else {
    affinityFallback = true;
    if (name.includes('INT')) cls = 'INTEGER';
    else if (name.includes('CHAR') || name.includes('CLOB') || name.includes('TEXT')) cls = 'TEXT';
    else if (name.includes('BLOB') || !name) cls = 'NullType';
    else if (name.includes('REAL') || name.includes('FLOA') || name.includes('DOUB')) cls = 'REAL';
    else cls = 'NUMERIC';
  }
  const t: SaType = { cls };
  let droppedArgs = false;
  if (argText) {
    const nums = (argText.match(/\d+/g) ?? []).map(Number);
    const params = POSITIONAL[cls] ?? [];
    if (nums.length > params.length) droppedArgs = true;
    else nums.forEach((n, i) => ((t as unknown as Record<string, unknown>)[params[i]!] = params[i] === 'timezone' ? n !== 0 : n));
  }
  return { type: t, affinityFallback, droppedArgs };
}
