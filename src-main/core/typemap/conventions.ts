import type { BackendFamily } from '../../shared/backends';
import type { IntrospectedColumn, IntrospectedTable } from '../../shared/typemap-model';
import { adaptToGeneric } from './adapt';
import { parseEnumCheck, parseJsonValidCheck } from './check-parse';
import { compileOrThrow, enumLength } from './compile';
import { reflectMysqlType, reflectPostgresType, reflectSqliteType } from './reflect';
import type { SaType } from './satype';
import type { Storage } from './storage';

/**
 * From an introspected column to SQLAlchemy's reflected type, the adapted generic type, and the
 * conventions Poolscope applies on top (each one stated in `notes`): MySQL TINYINT(1)/BIT(1) as
 * booleans, MariaDB's JSON alias, CHECK-based enums, and SQLite declared names SQLAlchemy does not
 * recognise but whose meaning is plain.
 */
export interface ColumnTypes {
  reflected: SaType;
  generic: SaType;
  notes: string[];
  /** The enum values are enforced by a CHECK constraint the model keeps. */
  enumCheck?: { values: string[]; sql: string };
  /** What the source column really holds, when the generic type alone would misstate it. */
  sourceStorage?: Storage;
  /** The portable model's type when a convention knows better than the generic replacement rules. */
  portable?: SaType;
}

interface Intent {
  re: RegExp;
  type: SaType;
  label: string;
  storage?: Storage;
}

/** Declared SQLite names from other databases that SQLAlchemy's SQLite reflection does not know. */
const SQLITE_INTENTS: Intent[] = [
  { re: /^(TIMESTAMP\s*(\(\d+\))?\s+WITH\s+TIME\s+ZONE|TIMESTAMPTZ)$/i, type: { cls: 'DateTime', timezone: true }, label: 'a timestamp with time zone', storage: { kind: 'datetime', tz: true, fsp: 6 } },
  { re: /^TIMESTAMP\s*(\(\d+\))?\s+WITHOUT\s+TIME\s+ZONE$/i, type: { cls: 'DateTime' }, label: 'a timestamp without time zone' },
  { re: /^(TIME\s+WITH\s+TIME\s+ZONE|TIMETZ)$/i, type: { cls: 'Time', timezone: true }, label: 'a time with time zone', storage: { kind: 'time', tz: true, fsp: 6 } },
  { re: /^UUID$/i, type: { cls: 'Uuid' }, label: 'a UUID', storage: { kind: 'uuid', native: true } },
  { re: /^JSONB$/i, type: { cls: 'JSON' }, label: 'JSON' },
  { re: /^BYTEA$/i, type: { cls: 'LargeBinary' }, label: 'binary data' },
  { re: /^INTERVAL$/i, type: { cls: 'Interval' }, label: 'an interval', storage: { kind: 'interval', native: true } },
  { re: /^DOUBLE\s+PRECISION$/i, type: { cls: 'Double', precision: 53 }, label: 'a double-precision float' },
  { re: /^SERIAL$/i, type: { cls: 'Integer' }, label: 'an auto-incrementing integer' },
  { re: /^BIGSERIAL$/i, type: { cls: 'BigInteger' }, label: 'an auto-incrementing big integer' },
];

const STRINGISH = new Set(['String', 'VARCHAR', 'CHAR', 'mysql.VARCHAR', 'mysql.CHAR', 'NVARCHAR', 'NCHAR', 'Unicode']);

/** A table's CHECK constraints read once: enum-like lists and MariaDB json_valid guards, by column. */
export interface TableChecks {
  enums: Map<string, { values: string[]; sql: string }>;
  json: Set<string>;
}

/** Parsed CHECKs by their SQL text. */
export type CheckMemo = Map<string, { e: ReturnType<typeof parseEnumCheck>; j: string | null }>;

export function readChecks(table: IntrospectedTable, memo?: CheckMemo): TableChecks {
  const enums = new Map<string, { values: string[]; sql: string }>();
  const json = new Set<string>();
  for (const check of table.checks) {
    let parsed = memo?.get(check.sql);
    if (!parsed) {
      parsed = { e: parseEnumCheck(check.sql), j: parseJsonValidCheck(check.sql) };
      memo?.set(check.sql, parsed);
    }
    const e = parsed.e;
    if (e && e.values.length && !enums.has(e.column)) enums.set(e.column, { values: e.values, sql: check.sql });
    if (parsed.j) json.add(parsed.j);
  }
  return { enums, json };
}

export function columnTypes(family: BackendFamily, checks: TableChecks, col: IntrospectedColumn): ColumnTypes {
  const notes: string[] = [];
  let reflected: SaType;
  let intent: Intent | undefined;
  if (family === 'postgresql') reflected = reflectPostgresType(col.nativeType, col);
  else if (family === 'mysql') reflected = reflectMysqlType(col.nativeType);
  else {
    const r = reflectSqliteType(col.nativeType);
    reflected = r.type;
    if (r.droppedArgs) notes.push(`SQLAlchemy cannot pass the arguments of "${col.nativeType}" to ${reflected.cls}; it warns and drops them.`);
    if (r.otherArgs.length) {
      const decimals = r.otherArgs.some((a) => /^asdecimal=[1-9]/.test(a)) ? ': a true asdecimal makes it return Decimal, not float' : '';
      notes.push(`SQLAlchemy passes the numbers of "${col.nativeType}" positionally, so ${reflected.cls} also gets ${r.otherArgs.join(', ')} (not shown in the type)${decimals}.`);
    }
    if (r.affinityFallback) {
      intent = SQLITE_INTENTS.find((i) => i.re.test(col.nativeType.trim()));
      notes.push(
        col.nativeType.trim() === ''
          ? 'No declared type: SQLite gives the column BLOB affinity and SQLAlchemy reflects NullType, which it cannot create anywhere.'
          : `SQLAlchemy does not know the declared type "${col.nativeType}" on SQLite and falls back to the affinity rules (${reflected.cls}).`,
      );
    }
  }
  if (reflected.cls === 'NullType' && family !== 'sqlite') notes.push(`SQLAlchemy does not recognise the type "${col.nativeType}" and reflects NullType (it warns "Did not recognize type").`);

  let generic = adaptToGeneric(reflected, family);
  let sourceStorage: Storage | undefined;
  let enumCheck: ColumnTypes['enumCheck'];
  let portable: SaType | undefined;

  if (intent) {
    generic = intent.type;
    sourceStorage = intent.storage;
    notes.push(`The declared name says ${intent.label}, so Poolscope maps it as ${intent.type.cls}; declare that type in the model.`);
  }
  if (family === 'mysql') {
    if (reflected.cls === 'mysql.TINYINT' && reflected.displayWidth === 1 && !reflected.unsigned) {
      generic = { cls: 'Boolean' };
      notes.push('TINYINT(1) is a boolean by MySQL convention; Boolean compiles to BOOL, an alias of TINYINT(1).');
    } else if (reflected.cls === 'mysql.BIT' && reflected.length === 1) {
      generic = { cls: 'Boolean' };
      notes.push('BIT(1) is read as a boolean by convention; Boolean compiles to BOOL (TINYINT(1)) on MySQL, so the storage type changes but the values survive.');
    } else if (reflected.cls === 'UUID') {
      generic = { cls: 'Uuid' };
      sourceStorage = { kind: 'uuid', native: true };
      portable = { cls: 'Uuid', variants: [{ dialects: ['mariadb'], type: { cls: 'UUID' } }] };
      notes.push(
        'MariaDB 10.7+ has a native uuid type: SQLAlchemy reflects UUID(), Poolscope maps it as the generic Uuid(). SQLAlchemy 2.0 compiles Uuid() to CHAR(32) on MariaDB too (its MariaDB dialect does not use the native type), so the portable model declares Uuid().with_variant(UUID(), "mariadb") to keep this column native on MariaDB.',
      );
    } else if (reflected.cls === 'mysql.LONGTEXT' && checks.json.has(col.name)) {
      generic = { cls: 'JSON' };
      notes.push("MariaDB's JSON is LONGTEXT with a json_valid() CHECK: SQLAlchemy reflects LONGTEXT, Poolscope reads it as JSON (JSON on MariaDB creates exactly this column).");
    }
  }
  const parsed = checks.enums.get(col.name);
  if (parsed && STRINGISH.has(generic.cls)) {
    const candidate: SaType = { cls: 'Enum', enums: parsed.values, nativeEnum: false };
    if (generic.length != null && generic.length !== enumLength(candidate)) candidate.length = generic.length;
    // Only when it creates the same column on the source (sqlacodegen does the swap unconditionally).
    if (sameDdl(candidate, generic, family)) {
      generic = candidate;
      enumCheck = parsed;
      notes.push(`A CHECK constraint limits it to ${parsed.values.map((v) => `'${v}'`).join(', ')}: mapped as a non-native Enum, with the CHECK kept in the model so every target enforces it.`);
    }
  }
  return { reflected, generic, notes, ...(enumCheck ? { enumCheck } : {}), ...(sourceStorage ? { sourceStorage } : {}), ...(portable ? { portable } : {}) };
}

function sameDdl(a: SaType, b: SaType, family: BackendFamily): boolean {
  try {
    return compileOrThrow(a, family) === compileOrThrow(b, family);
  } catch {
    return false;
  }
}
