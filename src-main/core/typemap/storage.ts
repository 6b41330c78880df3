import type { Target } from '../../shared/typemap-model';
import type { SaType } from './satype';

/**
 * What a column can hold on a server, derived from the DDL SQLAlchemy emits there (and, where the
 * DDL alone does not tell, from the SQLAlchemy type: Uuid is CHAR(32), Enum is VARCHAR(n)).
 * Comparing the source's storage with a target's says exactly what is lost.
 */
export type Storage =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'decimal'; exact: boolean; precision?: number; scale?: number }
  | { kind: 'float'; bits: 32 | 64 }
  | { kind: 'bool' }
  | { kind: 'text'; maxChars?: number; maxBytes?: number }
  | { kind: 'bytes'; maxBytes?: number }
  | { kind: 'datetime'; tz: boolean; fsp: number; minYear?: number; maxYear?: number }
  | { kind: 'date' }
  | { kind: 'time'; tz: boolean; fsp: number }
  | { kind: 'interval'; native: boolean }
  | { kind: 'uuid'; native: boolean }
  | { kind: 'json'; binary: boolean }
  | { kind: 'enum'; enforced: boolean }
  | { kind: 'other'; name: string };

const int = (bits: number, unsigned = false): Storage =>
  unsigned ? { kind: 'int', min: 0, max: 2 ** bits - 1 } : { kind: 'int', min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 };

const UUID_CLASSES = new Set(['Uuid', 'UUID']);
const ENUM_CLASSES = new Set(['Enum', 'pg.ENUM', 'mysql.ENUM']);
const JSON_CLASSES = new Set(['JSON', 'pg.JSON', 'pg.JSONB', 'mysql.JSON', 'sqlite.JSON']);

const MYSQL_TEXT_BYTES: Record<string, number> = { TINYTEXT: 255, TEXT: 65_535, MEDIUMTEXT: 16_777_215, LONGTEXT: 4_294_967_295 };
const MYSQL_BLOB_BYTES: Record<string, number> = { TINYBLOB: 255, BLOB: 65_535, MEDIUMBLOB: 16_777_215, LONGBLOB: 4_294_967_295 };

/**
 * The type MySQL/MariaDB really create for DDL SQLAlchemy emits with a size: TEXT(n) by characters
 * (TEXT(20000) is MEDIUMTEXT), BLOB(n) by bytes (BLOB(70000) is MEDIUMBLOB); null when it is the
 * type as written. Checked on MariaDB 10.11 with utf8mb4: TEXT(63) TINYTEXT, TEXT(64) TEXT,
 * TEXT(16384) MEDIUMTEXT, TEXT(4194304) LONGTEXT; BLOB(255) TINYBLOB, BLOB(256) BLOB.
 */
export function mysqlCreates(ddl: string): string | null {
  const m = /^(TEXT|BLOB)\((\d+)\)$/.exec(ddl.toUpperCase());
  if (!m) return null;
  const n = Number(m[2]);
  if (m[1] === 'TEXT') return n === 0 ? 'TEXT' : mysqlTextTypeFor(n);
  return n === 0 ? 'BLOB' : (Object.keys(MYSQL_BLOB_BYTES).find((k) => MYSQL_BLOB_BYTES[k]! >= n) ?? 'LONGBLOB');
}

/** utf8mb4, the character set Poolscope's exports connect with: up to 4 bytes a character. */
export const MYSQL_BYTES_PER_CHAR = 4;

/** A utf8mb4 VARCHAR: 65,535 bytes hold 16,383 characters (MySQL/MariaDB, ERROR 1074 beyond). */
export const MYSQL_MAX_VARCHAR = 16_383;
/** PostgreSQL: "length for type varchar cannot exceed 10485760" (CHAR the same). */
export const PG_MAX_CHAR_LENGTH = 10_485_760;

/**
 * The text type MySQL/MariaDB create for n characters: the smallest whose byte limit holds n
 * characters of utf8mb4. It is what TEXT(n) becomes (TEXT(20000) is MEDIUMTEXT, TEXT(63) TINYTEXT,
 * TEXT(64) TEXT), and what a too-long VARCHAR(n) becomes without strict mode (checked on MariaDB 10.11).
 */
export function mysqlTextTypeFor(chars: number): 'TINYTEXT' | 'TEXT' | 'MEDIUMTEXT' | 'LONGTEXT' {
  const bytes = chars * MYSQL_BYTES_PER_CHAR;
  return (Object.keys(MYSQL_TEXT_BYTES) as Array<'TINYTEXT' | 'TEXT' | 'MEDIUMTEXT' | 'LONGTEXT'>).find((k) => MYSQL_TEXT_BYTES[k]! >= bytes) ?? 'LONGTEXT';
}

function args(ddl: string): number[] {
  return (/\(([^)]*)\)/.exec(ddl)?.[1]?.match(/\d+/g) ?? []).map(Number);
}

export function storageOf(target: Target, t: SaType, ddl: string, opts: { enumChecked?: boolean } = {}): Storage {
  const upper = ddl.toUpperCase();
  if (UUID_CLASSES.has(t.cls)) return { kind: 'uuid', native: upper === 'UUID' };
  if (ENUM_CLASSES.has(t.cls)) {
    const native = target === 'postgresql' ? t.nativeEnum !== false : target === 'mysql' ? upper.startsWith('ENUM(') : false;
    return { kind: 'enum', enforced: native || t.createConstraint === true || opts.enumChecked === true };
  }
  if (JSON_CLASSES.has(t.cls)) return { kind: 'json', binary: upper === 'JSONB' };
  if (t.cls === 'Interval' || t.cls === 'pg.INTERVAL') return { kind: 'interval', native: upper.startsWith('INTERVAL') };
  const base = upper.replace(/\(.*?\)/, '').trim();
  const a = args(upper);
  if (target === 'postgresql') return pgStorage(base, a, upper);
  if (target === 'mysql') return mysqlStorage(base, a, upper);
  return sqliteStorage(upper);
}

function pgStorage(base: string, a: number[], upper: string): Storage {
  if (base === 'INTEGER') return int(32);
  if (base === 'BIGINT') return int(64);
  if (base === 'SMALLINT') return int(16);
  if (base === 'NUMERIC' || base === 'DECIMAL') return { kind: 'decimal', exact: true, ...(a.length ? { precision: a[0], scale: a[1] ?? 0 } : {}) };
  if (base === 'REAL') return { kind: 'float', bits: 32 };
  if (base === 'FLOAT') return { kind: 'float', bits: a.length && a[0]! <= 24 ? 32 : 64 };
  if (base === 'DOUBLE PRECISION') return { kind: 'float', bits: 64 };
  if (base === 'BOOLEAN') return { kind: 'bool' };
  if (base === 'VARCHAR' || base === 'CHAR' || base === 'NCHAR') return a.length ? { kind: 'text', maxChars: a[0] } : { kind: 'text', ...(base === 'VARCHAR' ? {} : { maxChars: 1 }) };
  if (base === 'TEXT' || base === 'CITEXT') return { kind: 'text' };
  if (base === 'BYTEA') return { kind: 'bytes' };
  if (base === 'DATE') return { kind: 'date' };
  if (upper.startsWith('TIMESTAMP')) return { kind: 'datetime', tz: upper.includes('WITH TIME ZONE'), fsp: a[0] ?? 6 };
  if (upper.startsWith('TIME')) return { kind: 'time', tz: upper.includes('WITH TIME ZONE'), fsp: a[0] ?? 6 };
  return { kind: 'other', name: base };
}

function mysqlStorage(base: string, a: number[], upper: string): Storage {
  const unsigned = upper.includes(' UNSIGNED');
  const name = base.replace(/\s+UNSIGNED$/, '');
  if (name === 'INTEGER') return int(32, unsigned);
  if (name === 'BIGINT') return int(64, unsigned);
  if (name === 'SMALLINT') return int(16, unsigned);
  if (name === 'MEDIUMINT') return int(24, unsigned);
  if (name === 'TINYINT') return int(8, unsigned);
  if (name === 'BOOL') return { kind: 'bool' };
  // DECIMAL without precision is DECIMAL(10,0) on MySQL.
  if (name === 'NUMERIC' || name === 'DECIMAL') return { kind: 'decimal', exact: true, precision: a[0] ?? 10, scale: a[1] ?? 0 };
  if (name === 'FLOAT') return { kind: 'float', bits: a.length === 1 && a[0]! > 24 ? 64 : 32 };
  if (name === 'DOUBLE' || name === 'REAL') return { kind: 'float', bits: 64 };
  if (name === 'VARCHAR' || name === 'CHAR' || name === 'NATIONAL VARCHAR' || name === 'NATIONAL CHAR') return { kind: 'text', maxChars: a[0] ?? 1 };
  // TEXT(n) counts characters: the server creates the smallest type holding n of them (mysqlTextTypeFor).
  if (name in MYSQL_TEXT_BYTES || name in MYSQL_BLOB_BYTES) {
    const created = mysqlCreates(upper) ?? name;
    return name in MYSQL_TEXT_BYTES ? { kind: 'text', maxBytes: MYSQL_TEXT_BYTES[created] } : { kind: 'bytes', maxBytes: MYSQL_BLOB_BYTES[created] };
  }
  if (name === 'VARBINARY' || name === 'BINARY') return { kind: 'bytes', maxBytes: a[0] ?? 1 };
  if (name === 'DATETIME') return { kind: 'datetime', tz: false, fsp: a[0] ?? 0, minYear: 1000, maxYear: 9999 };
  // TIMESTAMP is stored as UTC seconds since 1970: 1970-01-01 00:00:01 to 2038-01-19 03:14:07.
  if (name === 'TIMESTAMP') return { kind: 'datetime', tz: false, fsp: a[0] ?? 0, minYear: 1970, maxYear: 2038 };
  if (name === 'DATE') return { kind: 'date' };
  if (name === 'TIME') return { kind: 'time', tz: false, fsp: a[0] ?? 0 };
  if (name === 'YEAR') return { kind: 'int', min: 1901, max: 2155 };
  if (name === 'BIT') return { kind: 'other', name: 'BIT' };
  return { kind: 'other', name };
}

/** SQLite: affinity decides the storage class; SQLAlchemy stores dates and times as ISO text with microseconds. */
function sqliteStorage(upper: string): Storage {
  if (/^(DATETIME|TIMESTAMP)/.test(upper)) return { kind: 'datetime', tz: false, fsp: 6 };
  if (upper === 'DATE') return { kind: 'date' };
  if (/^TIME\b/.test(upper)) return { kind: 'time', tz: false, fsp: 6 };
  if (upper === 'BOOLEAN') return { kind: 'bool' };
  if (upper.includes('INT')) return int(64);
  if (upper.includes('CHAR') || upper.includes('CLOB') || upper.includes('TEXT')) return { kind: 'text' };
  if (upper.includes('BLOB')) return { kind: 'bytes' };
  if (upper.includes('REAL') || upper.includes('FLOA') || upper.includes('DOUB')) return { kind: 'float', bits: 64 };
  // NUMERIC affinity: SQLAlchemy converts Decimal through float ("does *not* support Decimal objects natively").
  if (upper.startsWith('NUMERIC') || upper.startsWith('DECIMAL')) {
    const a = args(upper);
    return { kind: 'decimal', exact: false, ...(a.length ? { precision: a[0], scale: a[1] ?? 0 } : {}) };
  }
  return { kind: 'other', name: upper };
}

const DECLARED_INT_BITS: Record<string, number> = { SmallInteger: 16, SMALLINT: 16, BigInteger: 64, BIGINT: 64 };

/**
 * What the source column holds. On SQLite every integer is stored in up to 8 bytes, but a column
 * declared INTEGER is what the model calls Integer: judge it by its declared width, or every
 * SQLite id would be "lossy" on PostgreSQL.
 */
export function sourceStorageOf(family: Target, t: SaType, ddl: string, opts: { enumChecked?: boolean } = {}): Storage {
  const s = storageOf(family, t, ddl, opts);
  if (family === 'sqlite' && s.kind === 'int') return int(DECLARED_INT_BITS[t.cls] ?? 32);
  return s;
}
