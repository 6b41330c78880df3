import { MYSQL_BYTES_PER_CHAR, mysqlCreates } from './storage';

/**
 * Whether a table's columns fit in one MySQL/MariaDB row, from the DDL SQLAlchemy emits for each
 * column on MySQL. Two limits apply at CREATE TABLE, both ERROR 1118 "Row size too large":
 *
 * - the server's 65,535 bytes: every column at its largest (a utf8mb4 VARCHAR(n) is 4n bytes plus
 *   1 or 2 length bytes, CHAR(n) 4n), TEXT/BLOB/JSON as 9–12 bytes, plus one bit per nullable column;
 * - InnoDB's record on a 16 KB page (innodb_strict_mode, the default): what must stay in the
 *   record, under 8,126 bytes. Columns of up to 255 bytes stay inline (plus a length byte); longer
 *   variable ones and TEXT/BLOB may move off-page and leave 21 bytes; the record adds a 5-byte
 *   header, the null bits and the hidden transaction columns (13 bytes, 19 without a primary key).
 *
 * The constants were fitted on MariaDB 10.11 (DYNAMIC rows, 16 KB pages) with tables at either side
 * of each limit; mysql-row-size.integration.test.ts checks random tables against the real server.
 */

export const MYSQL_MAX_ROW_BYTES = 65_535;
/** The record must stay below this (page_get_free_space_of_empty / 2 on a 16 KB page). */
export const INNODB_MAX_RECORD_BYTES = 8_126;
const RECORD_HEADER = 5;
const TRX_AND_ROLL_PTR = 13;
const ROW_ID = 6;
const OFF_PAGE_REF = 21;

export interface ColumnBytes {
  /** Bytes counted toward the server's 65,535-byte row limit (null bit excluded). */
  server: number;
  /** Bytes the column can take in the InnoDB record (length bytes included). */
  inline: number;
}

const fixed = (n: number): ColumnBytes => ({ server: n, inline: n });
/** A variable-length column of at most `max` bytes. */
const variable = (max: number): ColumnBytes => {
  const lengthBytes = max > 255 ? 2 : 1;
  return { server: max + lengthBytes, inline: max > 255 ? OFF_PAGE_REF : max + 1 };
};
const lob = (server: number): ColumnBytes => ({ server, inline: OFF_PAGE_REF });

const LOB_BYTES: Record<string, number> = { TINYTEXT: 9, TINYBLOB: 9, TEXT: 10, BLOB: 10, MEDIUMTEXT: 11, MEDIUMBLOB: 11, LONGTEXT: 12, LONGBLOB: 12, JSON: 12 };
const INT_BYTES: Record<string, number> = { BOOL: 1, BOOLEAN: 1, TINYINT: 1, SMALLINT: 2, MEDIUMINT: 3, INT: 4, INTEGER: 4, BIGINT: 8 };

/** DECIMAL storage: 4 bytes per 9 digits on each side of the point, and 0–4 for the rest. */
function decimalBytes(precision: number, scale: number): number {
  const part = (digits: number) => Math.floor(digits / 9) * 4 + [0, 1, 1, 2, 2, 3, 3, 4, 4, 4][digits % 9]!;
  return part(precision - scale) + part(scale);
}

const fspBytes = (fsp: number) => Math.ceil(fsp / 2);

/** What one column takes, or null for a DDL this model does not know (the table is then not judged). */
export function mysqlColumnBytes(ddl: string): ColumnBytes | null {
  const m = /^(NATIONAL\s+)?([A-Z]+(?:\s+PRECISION)?)\s*(?:\((.*)\))?(\s+UNSIGNED)?$/i.exec(ddl.trim());
  if (!m) return null;
  const national = !!m[1];
  const name = m[2]!.toUpperCase();
  const inner = m[3];
  const nums = inner !== undefined && /^[\d\s,]*$/.test(inner) ? inner.split(',').map((x) => Number(x.trim())) : [];
  const charBytes = national ? 3 : MYSQL_BYTES_PER_CHAR;
  if (name in INT_BYTES) return fixed(INT_BYTES[name]!);
  switch (name) {
    case 'FLOAT':
      return fixed(nums.length === 1 && nums[0]! > 24 ? 8 : 4);
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'REAL':
      return fixed(8);
    case 'NUMERIC':
    case 'DECIMAL':
      return fixed(decimalBytes(nums[0] ?? 10, nums[1] ?? 0));
    case 'DATE':
      return fixed(3);
    case 'YEAR':
      return fixed(1);
    case 'TIME':
      return fixed(3 + fspBytes(nums[0] ?? 0));
    case 'DATETIME':
      return fixed(5 + fspBytes(nums[0] ?? 0));
    case 'TIMESTAMP':
      return fixed(4 + fspBytes(nums[0] ?? 0));
    case 'BIT':
      return fixed(Math.ceil((nums[0] ?? 1) / 8));
    case 'UUID':
      return fixed(16);
    case 'BINARY':
      return fixed(nums[0] ?? 1);
    case 'CHAR': {
      // A multi-byte CHAR is variable-length inside InnoDB, but the server counts it at its full width.
      const max = (nums[0] ?? 1) * charBytes;
      return { server: max, inline: max > 255 ? OFF_PAGE_REF : max + 1 };
    }
    case 'VARCHAR':
      return nums.length ? variable(nums[0]! * charBytes) : null;
    case 'VARBINARY':
      return nums.length ? variable(nums[0]!) : null;
    case 'ENUM':
    case 'SET': {
      const members = inner === undefined ? 0 : (inner.match(/'(?:[^']|'')*'/g) ?? []).length;
      if (name === 'ENUM') return fixed(members > 255 ? 2 : 1);
      const bytes = Math.ceil(members / 8);
      return fixed(bytes > 4 ? 8 : Math.max(1, bytes));
    }
    case 'TEXT':
    case 'BLOB':
      // TEXT(n) and BLOB(n) become the smallest type that holds n (storage.ts knows which).
      return lob(LOB_BYTES[mysqlCreates(ddl.trim()) ?? name]!);
    default:
      return name in LOB_BYTES ? lob(LOB_BYTES[name]!) : null;
  }
}

export interface RowSize {
  serverBytes: number;
  innodbBytes: number;
  /** Which limit the table breaks, if any: the server's row size first, as the server checks it first. */
  exceeds: 'server' | 'innodb' | null;
}

/**
 * The row of a table with these columns (MySQL DDL and nullability), or null when a DDL is unknown.
 * `bytesOf`, shared over the tables of one schema, keeps each distinct DDL's bytes (the same few
 * DDLs recur in every table: 20,000 columns were 20,000 parses).
 */
export function mysqlRowSize(columns: ReadonlyArray<{ ddl: string; nullable: boolean }>, hasPrimaryKey: boolean, bytesOf?: Map<string, ColumnBytes | null>): RowSize | null {
  let server = 0;
  let inline = 0;
  let nullable = 0;
  for (const c of columns) {
    let b = bytesOf?.get(c.ddl);
    if (b === undefined) {
      b = mysqlColumnBytes(c.ddl);
      bytesOf?.set(c.ddl, b);
    }
    if (!b) return null;
    server += b.server;
    inline += b.inline;
    if (c.nullable) nullable++;
  }
  const nullBytes = Math.ceil(nullable / 8);
  const serverBytes = server + nullBytes;
  const innodbBytes = RECORD_HEADER + nullBytes + TRX_AND_ROLL_PTR + (hasPrimaryKey ? 0 : ROW_ID) + inline;
  const exceeds = serverBytes > MYSQL_MAX_ROW_BYTES ? 'server' : innodbBytes >= INNODB_MAX_RECORD_BYTES ? 'innodb' : null;
  return { serverBytes, innodbBytes, exceeds };
}

/** The sentence and fix for a table whose row does not fit, for the summary. */
export function rowSizeIssue(size: RowSize): { detail: string; fix: string } | null {
  const n = (x: number) => x.toLocaleString('en-US');
  if (size.exceeds === 'server')
    return {
      detail: `MySQL refuses CREATE TABLE with ERROR 1118 "Row size too large": at their largest the columns take ${n(size.serverBytes)} bytes, over the ${n(MYSQL_MAX_ROW_BYTES)}-byte row limit (utf8mb4 counts 4 bytes per VARCHAR/CHAR character; TEXT and BLOB count 9–12 bytes).`,
      fix: 'Make the longest VARCHAR columns Text() (stored off the row), or give them lengths the data needs; the limit is shared by all columns of the table.',
    };
  if (size.exceeds === 'innodb')
    return {
      detail: `InnoDB refuses CREATE TABLE with ERROR 1118 "Row size too large (> 8126)": columns of up to 255 bytes (VARCHAR(63) and shorter under utf8mb4, CHAR, numbers, dates) must stay in the record, and here they can take ${n(size.innodbBytes)} bytes.`,
      fix: 'Turn some short VARCHAR/CHAR columns into Text() or longer VARCHARs (over 63 characters they may move off-page), or split the table.',
    };
  return null;
}
