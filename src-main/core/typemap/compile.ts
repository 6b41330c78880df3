import type { DdlResult, Target } from '../../shared/typemap-model';
import { PG_RESERVED_WORDS } from './reserved-words';
import { saClass, type SaDialectName, type SaType } from './satype';
import { MYSQL_MAX_VARCHAR, PG_MAX_CHAR_LENGTH, mysqlTextTypeFor } from './storage';

/**
 * The DDL SQLAlchemy 2.0 emits for a type on a dialect, as its type compilers do it: dispatch on
 * the class's `__visit_name__`, the dialect's compiler first, then GenericTypeCompiler. A visit the
 * dialect does not have is SQLAlchemy's UnsupportedCompilationError; a visit that raises is its
 * CompileError (e.g. MySQL's "VARCHAR requires a length on dialect mysql").
 * Read from sql/compiler.py (GenericTypeCompiler) and dialects/{postgresql,mysql,sqlite}/base.py.
 */

export class TypeCompileError extends Error {
  constructor(
    message: string,
    readonly kind: 'compile' | 'unsupported' | 'rejected',
  ) {
    super(message);
  }
}

interface Ctx {
  dialect: Target;
  /** The engine's dialect.name ("mariadb" on a MariaDB engine), as SQLAlchemy's messages print it. */
  name: SaDialectName;
  visit(name: string, t: SaType): string;
  process(t: SaType): string;
}
type Visit = (t: SaType, c: Ctx) => string;

const withLength = (name: string, length?: number) => (length ? `${name}(${length})` : name);
const numeric = (name: string, t: SaType) =>
  t.precision == null ? name : t.scale == null ? `${name}(${t.precision})` : `${name}(${t.precision}, ${t.scale})`;
export const enumLength = (t: SaType) => t.length ?? Math.max(0, ...(t.enums ?? []).map((e) => e.length));
const quoteEnumValues = (values: string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
const isDialectType = (t: SaType, prefix: string) => t.cls.startsWith(prefix);

const GENERIC: Record<string, Visit> = {
  FLOAT: () => 'FLOAT',
  DOUBLE: () => 'DOUBLE',
  DOUBLE_PRECISION: () => 'DOUBLE PRECISION',
  REAL: () => 'REAL',
  NUMERIC: (t) => numeric('NUMERIC', t),
  DECIMAL: (t) => numeric('DECIMAL', t),
  INTEGER: () => 'INTEGER',
  SMALLINT: () => 'SMALLINT',
  BIGINT: () => 'BIGINT',
  TIMESTAMP: () => 'TIMESTAMP',
  DATETIME: () => 'DATETIME',
  DATE: () => 'DATE',
  TIME: () => 'TIME',
  CLOB: () => 'CLOB',
  CHAR: (t) => withLength('CHAR', t.length),
  NCHAR: (t) => withLength('NCHAR', t.length),
  VARCHAR: (t) => withLength('VARCHAR', t.length),
  NVARCHAR: (t) => withLength('NVARCHAR', t.length),
  TEXT: (t) => withLength('TEXT', t.length),
  UUID: () => 'UUID',
  BLOB: () => 'BLOB',
  BINARY: (t) => withLength('BINARY', t.length),
  VARBINARY: (t) => withLength('VARBINARY', t.length),
  BOOLEAN: () => 'BOOLEAN',
  // Uuid() renders CHAR(32) wherever the dialect has no native UUID (supports_native_uuid).
  uuid: (t, c) => (c.dialect === 'postgresql' ? c.visit('UUID', t) : 'CHAR(32)'),
  large_binary: (t, c) => c.visit('BLOB', t),
  boolean: (t, c) => c.visit('BOOLEAN', t),
  time: (t, c) => c.visit('TIME', t),
  datetime: (t, c) => c.visit('DATETIME', t),
  date: (t, c) => c.visit('DATE', t),
  big_integer: (t, c) => c.visit('BIGINT', t),
  small_integer: (t, c) => c.visit('SMALLINT', t),
  integer: (t, c) => c.visit('INTEGER', t),
  real: (t, c) => c.visit('REAL', t),
  float: (t, c) => c.visit('FLOAT', t),
  double: (t, c) => c.visit('DOUBLE', t),
  numeric: (t, c) => c.visit('NUMERIC', t),
  string: (t, c) => c.visit('VARCHAR', t),
  unicode: (t, c) => c.visit('VARCHAR', t),
  text: (t, c) => c.visit('TEXT', t),
  unicode_text: (t, c) => c.visit('TEXT', t),
  enum: (t, c) => c.visit('VARCHAR', { ...t, length: enumLength(t) }),
  null: () => {
    throw new TypeCompileError("Can't generate DDL for NullType(); did you forget to specify a type on this Column?", 'compile');
  },
  // Interval is a TypeDecorator over DateTime: without a native INTERVAL it is stored as a DATETIME (epoch offset).
  interval: (_t, c) => c.process({ cls: 'DateTime' }),
};

const pgTimeLike = (name: string) => (t: SaType) => `${name}${t.precision != null ? `(${t.precision})` : ''} ${t.timezone ? 'WITH' : 'WITHOUT'} TIME ZONE`;

const POSTGRES: Record<string, Visit> = {
  ...Object.fromEntries(
    ['TSVECTOR', 'TSQUERY', 'INET', 'CIDR', 'CITEXT', 'MACADDR', 'MACADDR8', 'MONEY', 'OID', 'REGCLASS', 'HSTORE', 'JSON', 'JSONB', 'INT4RANGE', 'INT8RANGE', 'NUMRANGE', 'DATERANGE', 'TSRANGE', 'TSTZRANGE',
     'INT4MULTIRANGE', 'INT8MULTIRANGE', 'NUMMULTIRANGE', 'DATEMULTIRANGE', 'TSMULTIRANGE', 'TSTZMULTIRANGE'].map((n) => [n, () => n]),
  ),
  FLOAT: (t) => (t.precision ? `FLOAT(${t.precision})` : 'FLOAT'),
  double: (t, c) => c.visit('DOUBLE_PRECISION', t),
  BIGINT: () => 'BIGINT',
  datetime: (t, c) => c.visit('TIMESTAMP', t),
  enum: (t, c) => (t.nativeEnum === false ? GENERIC.enum!(t, c) : c.visit('ENUM', t)),
  ENUM: (t) => {
    if (!t.name) throw new TypeCompileError('PostgreSQL ENUM type requires a name.', 'compile');
    return quotePgIdent(t.name);
  },
  DOMAIN: (t) => quotePgIdent(t.name ?? ''),
  TIMESTAMP: pgTimeLike('TIMESTAMP'),
  TIME: pgTimeLike('TIME'),
  INTERVAL: (t) => `INTERVAL${t.fields ? ` ${t.fields}` : ''}${t.precision != null ? ` (${t.precision})` : ''}`,
  interval: () => 'INTERVAL',
  BIT: (t) => {
    if (isDialectType(t, 'mysql.')) throw new TypeCompileError("SQLAlchemy's PostgreSQL compiler cannot render mysql.BIT (it has no 'varying' attribute).", 'unsupported');
    return t.varying ? `BIT VARYING${t.length != null ? `(${t.length})` : ''}` : `BIT(${t.length ?? 1})`;
  },
  UUID: () => 'UUID',
  large_binary: () => 'BYTEA',
  BYTEA: () => 'BYTEA',
  ARRAY: (t, c) => `${c.process(t.item ?? { cls: 'NullType' })}[]`,
};

function mysqlNumeric(t: SaType, spec: string): string {
  if (!isDialectType(t, 'mysql.')) return spec;
  return t.unsigned ? `${spec} UNSIGNED` : spec;
}
const mysqlInt = (name: string) => (t: SaType) =>
  mysqlNumeric(t, isDialectType(t, 'mysql.') && t.displayWidth != null ? `${name}(${t.displayWidth})` : name);
const mysqlFsp = (name: string) => (t: SaType) => (t.fsp ? `${name}(${t.fsp})` : name);
const mysqlPrecisionScale = (name: string) => (t: SaType) => {
  // CREATE TABLE adapts Double(53) to mysql.DOUBLE, whose __init__ refuses a precision without a scale
  // (create_all raises; type.compile() alone does not). REAL(24) adapts without the check.
  if (name === 'DOUBLE' && (t.precision == null) !== (t.scale == null)) throw new TypeCompileError('ArgumentError: You must specify both precision and scale or omit both altogether.', 'compile');
  return mysqlNumeric(t, t.precision != null && t.scale != null ? `${name}(${t.precision}, ${t.scale})` : name);
};

const MYSQL: Record<string, Visit> = {
  NUMERIC: (t) => mysqlNumeric(t, numeric('NUMERIC', t)),
  DECIMAL: (t) => mysqlNumeric(t, numeric('DECIMAL', t)),
  DOUBLE: mysqlPrecisionScale('DOUBLE'),
  REAL: mysqlPrecisionScale('REAL'),
  FLOAT: (t) =>
    mysqlNumeric(t, isDialectType(t, 'mysql.') && t.scale != null && t.precision != null ? `FLOAT(${t.precision}, ${t.scale})` : t.precision != null ? `FLOAT(${t.precision})` : 'FLOAT'),
  INTEGER: mysqlInt('INTEGER'),
  BIGINT: mysqlInt('BIGINT'),
  MEDIUMINT: mysqlInt('MEDIUMINT'),
  TINYINT: mysqlInt('TINYINT'),
  SMALLINT: mysqlInt('SMALLINT'),
  BIT: (t) => withLength('BIT', t.length),
  DATETIME: mysqlFsp('DATETIME'),
  DATE: () => 'DATE',
  TIME: mysqlFsp('TIME'),
  TIMESTAMP: mysqlFsp('TIMESTAMP'),
  YEAR: (t) => (t.displayWidth == null ? 'YEAR' : `YEAR(${t.displayWidth})`),
  // MySQLTypeCompiler tests `length is not None` (TEXT(0) stays TEXT(0)); the server picks the text type (storage.ts).
  TEXT: (t) => (t.length != null ? `TEXT(${t.length})` : 'TEXT'),
  TINYTEXT: () => 'TINYTEXT',
  MEDIUMTEXT: () => 'MEDIUMTEXT',
  LONGTEXT: () => 'LONGTEXT',
  VARCHAR: (t, c) => {
    if (!t.length) throw new TypeCompileError(`VARCHAR requires a length on dialect ${c.name}`, 'compile');
    return `VARCHAR(${t.length})`;
  },
  CHAR: (t) => withLength('CHAR', t.length),
  NVARCHAR: (t, c) => {
    if (!t.length) throw new TypeCompileError(`NVARCHAR requires a length on dialect ${c.name}`, 'compile');
    return `NATIONAL VARCHAR(${t.length})`;
  },
  NCHAR: (t) => `NATIONAL ${withLength('CHAR', t.length)}`,
  UUID: () => 'UUID',
  VARBINARY: (t) => `VARBINARY(${t.length})`,
  JSON: () => 'JSON',
  large_binary: (t, c) => c.visit('BLOB', t),
  enum: (t, c) => (t.nativeEnum === false ? GENERIC.enum!(t, c) : `ENUM(${quoteEnumValues(t.enums ?? [])})`),
  BLOB: (t) => (t.length != null ? `BLOB(${t.length})` : 'BLOB'),
  TINYBLOB: () => 'TINYBLOB',
  MEDIUMBLOB: () => 'MEDIUMBLOB',
  LONGBLOB: () => 'LONGBLOB',
  ENUM: (t) => `ENUM(${quoteEnumValues(t.enums ?? [])})`,
  SET: (t) => `SET(${quoteEnumValues(t.enums ?? [])})`,
  BOOLEAN: () => 'BOOL',
};

const SQLITE: Record<string, Visit> = {
  large_binary: (t, c) => c.visit('BLOB', t),
  // "note this name provides NUMERIC affinity, not TEXT" (SQLiteTypeCompiler.visit_JSON).
  JSON: () => 'JSON',
};

const COMPILERS: Record<Target, Record<string, Visit>> = { postgresql: POSTGRES, mysql: MYSQL, sqlite: SQLITE };

/** Type names SQLAlchemy can emit for a dialect that the server itself refuses in CREATE TABLE. */
const SERVER_REJECTS: Record<Target, Record<string, string>> = {
  postgresql: {
    DATETIME: 'type "datetime" does not exist',
    DOUBLE: 'type "double" does not exist',
    BLOB: 'type "blob" does not exist',
    CLOB: 'type "clob" does not exist',
    NVARCHAR: 'type "nvarchar" does not exist',
    BINARY: 'type "binary" does not exist',
    VARBINARY: 'type "varbinary" does not exist',
  },
  mysql: { UUID: 'MySQL has no UUID column type (MariaDB has one since 10.7)', CLOB: 'MySQL has no CLOB column type' },
  sqlite: {},
};

const DIALECT_COMPILER_NAME: Record<Target, string> = {
  postgresql: 'PGTypeCompiler',
  mysql: 'MySQLTypeCompiler',
  sqlite: 'SQLiteTypeCompiler',
};

/**
 * `dialectName` is the engine's dialect.name, which picks `with_variant` types (TypeCompiler.process):
 * a MariaDB engine is "mariadb" and compiles with the MySQL type compiler.
 */
export function compileOrThrow(t: SaType, dialect: Target, dialectName: SaDialectName = dialect): string {
  const variant = t.variants?.find((v) => v.dialects.includes(dialectName));
  if (variant) return compileOrThrow(variant.type, dialect, dialectName);
  const table = COMPILERS[dialect];
  const ctx: Ctx = {
    dialect,
    name: dialectName,
    visit(name, type) {
      const fn = table[name] ?? GENERIC[name];
      if (!fn) {
        throw new TypeCompileError(
          `SQLAlchemy's ${DIALECT_COMPILER_NAME[dialect]} can't render element of type ${saClass(type.cls).py} (UnsupportedCompilationError).`,
          'unsupported',
        );
      }
      return fn(type, ctx);
    },
    process: (type) => ctx.visit(saClass(type.cls).visit, type),
  };
  return ctx.process(t);
}

/**
 * Lengths MySQL/MariaDB refuse for a column, per type: VARCHAR holds 65,535 bytes (the row limit),
 * i.e. 16,383 utf8mb4 characters (21,844 for NATIONAL VARCHAR, which is utf8mb3); CHAR and BINARY
 * 255; VARBINARY 65,532 bytes. Strict mode (the default since MySQL 5.7 and MariaDB 10.2.4) answers
 * ERROR 1074; without it a VARCHAR silently becomes a TEXT type (note 1246). Checked on MariaDB 10.11.
 */
function mysqlLengthRejected(ddl: string): string | null {
  const d = /^(?:NUMERIC|DECIMAL)\((\d+)(?:, (\d+))?\)/.exec(ddl);
  if (d) {
    // MySQL and MariaDB: 65 digits; scale at most 30 on MySQL, 38 on MariaDB (ERROR 1425 there).
    if (Number(d[1]) > 65) return `DECIMAL holds at most 65 digits: ERROR 1426 "Too big precision specified for '...'. Maximum is 65"`;
    if (Number(d[2] ?? 0) > 38) return `DECIMAL keeps at most 38 digits after the point on MariaDB and 30 on MySQL: ERROR 1425 "Too big scale specified for '...'"`;
    return null;
  }
  const m = /^(NATIONAL )?(VARCHAR|CHAR|VARBINARY|BINARY)\((\d+)\)$/.exec(ddl);
  if (!m) return null;
  const national = m[1];
  const type = m[2]!;
  const n = Number(m[3]);
  const max = type === 'VARCHAR' ? (national ? 21_844 : MYSQL_MAX_VARCHAR) : type === 'VARBINARY' ? 65_532 : 255;
  if (n <= max) return null;
  const error = `ERROR 1074 "Column length too big for column ... (max = ${max}); use BLOB or TEXT instead"`;
  if (type !== 'VARCHAR') return `${type} holds at most ${max} ${type.endsWith('BINARY') ? 'bytes' : 'characters'}: ${error}`;
  const bytes = national ? 'utf8mb3 (NATIONAL)' : 'utf8mb4';
  return `a VARCHAR holds at most 65,535 bytes, ${max.toLocaleString('en-US')} characters of ${bytes}: in strict mode (the default) ${error}; without strict mode the column silently becomes ${mysqlTextTypeFor(n)} (note 1246 "Converting column ... from VARCHAR to TEXT")`;
}

/** PostgreSQL's own limits on type modifiers, as PostgreSQL 15 words them. */
const PG_MAX_NUMERIC_PRECISION = 1000;

/**
 * SQLAlchemy renders Text(n) as TEXT(n) everywhere; PostgreSQL 15 answers `type modifier is not
 * allowed for type "text"`. VARCHAR/CHAR stop at 10,485,760 characters and NUMERIC at 1,000 digits.
 */
function pgModifierRejected(ddl: string): string | null {
  if (/^TEXT\(\d+\)$/.test(ddl)) return 'type modifier is not allowed for type "text"';
  const c = /^(VARCHAR|CHAR)\((\d+)\)$/.exec(ddl);
  if (c && Number(c[2]) > PG_MAX_CHAR_LENGTH) return `length for type ${c[1]!.toLowerCase()} cannot exceed ${PG_MAX_CHAR_LENGTH}`;
  const n = /^NUMERIC\((\d+)/.exec(ddl);
  if (n && Number(n[1]) > PG_MAX_NUMERIC_PRECISION) return `NUMERIC precision ${n[1]} must be between 1 and ${PG_MAX_NUMERIC_PRECISION}`;
  return null;
}

/** Compile and check that the server would accept the type name. */
export function compileType(t: SaType, dialect: Target): DdlResult {
  try {
    const ddl = compileOrThrow(t, dialect);
    const base = ddl.replace(/\(.*$/, '').trim().toUpperCase();
    const rejected = SERVER_REJECTS[dialect][base] ?? (dialect === 'mysql' ? mysqlLengthRejected(ddl) : dialect === 'postgresql' ? pgModifierRejected(ddl) : null);
    if (rejected) return { ok: false, error: `SQLAlchemy emits ${ddl} here, which the server rejects: ${rejected}.` };
    return { ok: true, ddl };
  } catch (err) {
    if (err instanceof TypeCompileError) return { ok: false, error: err.message };
    throw err;
  }
}

/**
 * PostgreSQL identifier quoting as SQLAlchemy's IdentifierPreparer._requires_quotes decides it
 * (sql/compiler.py): quote when the lower-cased name is a reserved word, when it starts with a digit
 * or "$", when it is not all of `^[A-Z0-9_$]+$` (re.I), or when it is not already lower case.
 * Python's re.I lets [A-Z] also match U+0130, U+0131, U+017F and U+212A; of those, U+0131 and U+017F
 * are their own lower case, so SQLAlchemy leaves them unquoted.
 */
export function quotePgIdent(name: string): string {
  const legal = /^[A-Za-z0-9_$\u0130\u0131\u017f\u212a]+$/.test(name) && !/^[0-9$]/.test(name);
  const plain = name !== '' && legal && name.toLowerCase() === name && !PG_RESERVED_WORDS.has(name);
  return plain ? name : `"${name.replace(/"/g, '""')}"`;
}
