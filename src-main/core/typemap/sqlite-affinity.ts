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

/**
 * The positional parameters of each class's constructor, in order, as `coltype(*args)` binds them
 * (read with inspect.signature from SQLAlchemy 2.0.54). Reflection passes every number it finds, so
 * "REAL(10,2)" is REAL(precision=10, asdecimal=2) and "BOOLEAN(1)" is BOOLEAN(create_constraint=1),
 * without a warning. Only more numbers than parameters raise TypeError, and then SQLAlchemy warns
 * and drops all of them. Classes missing here (INTEGER, BIGINT, SMALLINT, DATE, NullType) take none.
 * Parameters Poolscope does not model are kept by name, to be reported.
 */
type Positional = keyof SaType | 'collation' | 'asdecimal' | 'decimal_return_scale' | 'none_as_null' | 'name' | '_create_events' | '_adapted_from';
const STRING_ARGS: Positional[] = ['length', 'collation'];
const NUMERIC_ARGS: Positional[] = ['precision', 'scale', 'decimal_return_scale', 'asdecimal'];
const FLOAT_ARGS: Positional[] = ['precision', 'asdecimal', 'decimal_return_scale'];
const POSITIONAL: Record<string, Positional[]> = {
  VARCHAR: STRING_ARGS,
  NVARCHAR: STRING_ARGS,
  NCHAR: STRING_ARGS,
  CHAR: STRING_ARGS,
  TEXT: STRING_ARGS,
  BLOB: ['length'],
  NUMERIC: NUMERIC_ARGS,
  DECIMAL: NUMERIC_ARGS,
  FLOAT: FLOAT_ARGS,
  REAL: FLOAT_ARGS,
  DOUBLE: FLOAT_ARGS,
  DATETIME: ['timezone'],
  TIMESTAMP: ['timezone'],
  TIME: ['timezone'],
  BOOLEAN: ['createConstraint', 'name', '_create_events', '_adapted_from'],
  'sqlite.JSON': ['none_as_null'],
};
const MODELLED = new Set<Positional>(['length', 'precision', 'scale', 'timezone', 'createConstraint']);
const BOOLEAN_PARAMS = new Set<Positional>(['timezone', 'createConstraint']);

export interface SqliteReflection {
  type: SaType;
  /** True when SQLAlchemy did not recognise the declared name and fell back to the affinity rules. */
  affinityFallback: boolean;
  /** SQLAlchemy warns "Could not instantiate type ... using no arguments" and drops the arguments. */
  droppedArgs: boolean;
  /** Every number SQLAlchemy binds, by the constructor's Python parameter name (`timezone=6`, `asdecimal=2`). */
  bound: Array<[param: string, value: number]>;
  /** Those Poolscope does not model, as `name=value` (e.g. `asdecimal=2`). */
  otherArgs: string[];
}

/**
 * SQLAlchemy 2.0's `SQLiteDialect._resolve_type_affinity`, step by step: the declared type is
 * upper-cased, split by `([\w ]+)(\(.*?\))?`, looked up in ischema_names, else resolved by the
 * affinity rules (INTEGER, TEXT, NullType, REAL, NUMERIC), and every run of digits in the first
 * parentheses is passed positionally to the class (`re.findall(r"(\d+)", args)`: "NUMERIC(-1)" is
 * NUMERIC(1), "VARCHAR(1e3)" is VARCHAR(1, collation=3)).
 */
export function resolveSqliteType(declared: string): SqliteReflection {
  const upper = declared.toUpperCase();
  // Python's \w is Unicode-aware: letters and digits of any script, and the underscore.
  const m = /^([\p{L}\p{N}_ ]+)(\(.*?\))?/u.exec(upper);
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
  const otherArgs: string[] = [];
  const bound: Array<[string, number]> = [];
  if (argText) {
    const nums = (argText.match(/\d+/g) ?? []).map(Number);
    const params = POSITIONAL[cls] ?? [];
    if (nums.length > params.length) droppedArgs = true;
    else
      nums.forEach((n, i) => {
        const p = params[i]!;
        bound.push([p === 'createConstraint' ? 'create_constraint' : p, n]);
        if (!MODELLED.has(p)) otherArgs.push(`${p}=${n}`);
        // Python keeps the int; as a flag only its truth matters (DATETIME(6) is timezone=6, i.e. true).
        else (t as unknown as Record<string, unknown>)[p] = BOOLEAN_PARAMS.has(p) ? n !== 0 : n;
      });
  }
  return { type: t, affinityFallback, droppedArgs, bound, otherArgs };
}
