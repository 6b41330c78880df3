import { saClass, type SaType } from './satype';
import { MYSQL_MAX_VARCHAR, PG_MAX_CHAR_LENGTH, mysqlTextTypeFor } from './storage';

/**
 * The generic type to use where a column's own type cannot be created on every target, with the
 * reason. This is what the portable model declares and what "unsupported" verdicts recommend.
 * Data, keyed by SQLAlchemy class; anything generic already is kept as it is.
 */
interface Replacement {
  to: (t: SaType, ctx: PortableContext) => SaType;
  why: string;
}

export interface PortableContext {
  table: string;
  column: string;
  /** The column is part of a key or index (MySQL cannot index TEXT without a prefix length). */
  indexed: boolean;
}

const REPLACEMENTS: Record<string, Replacement> = {
  'pg.JSONB': { to: () => ({ cls: 'JSON' }), why: 'JSON().with_variant(postgresql.JSONB(), "postgresql") keeps JSONB on PostgreSQL and JSON elsewhere; JSONB operators (@>, ?, GIN indexes) stay PostgreSQL-only.' },
  'pg.ARRAY': { to: () => ({ cls: 'JSON' }), why: 'ARRAY exists only on PostgreSQL: store a JSON list, or use an association table.' },
  ARRAY: { to: () => ({ cls: 'JSON' }), why: 'ARRAY exists only on PostgreSQL: store a JSON list, or use an association table.' },
  'pg.TSVECTOR': { to: () => ({ cls: 'Text' }), why: 'Full-text search is backend-specific: keep TSVECTOR on PostgreSQL (with_variant) or search elsewhere (SQLite FTS5, MySQL FULLTEXT).' },
  'pg.HSTORE': { to: () => ({ cls: 'JSON' }), why: 'HSTORE exists only on PostgreSQL: store a flat JSON object.' },
  'pg.INET': { to: () => ({ cls: 'String', length: 45 }), why: 'INET exists only on PostgreSQL: String(45) holds any IPv6 address as text (no network operators).' },
  'pg.CIDR': { to: () => ({ cls: 'String', length: 43 }), why: 'CIDR exists only on PostgreSQL: String(43) holds any IPv6 network as text.' },
  'pg.MACADDR': { to: () => ({ cls: 'String', length: 17 }), why: 'MACADDR exists only on PostgreSQL: String(17).' },
  'pg.MACADDR8': { to: () => ({ cls: 'String', length: 23 }), why: 'MACADDR8 exists only on PostgreSQL: String(23).' },
  'pg.INTERVAL': { to: () => ({ cls: 'Interval' }), why: 'Interval() is INTERVAL on PostgreSQL and a DATETIME epoch offset elsewhere.' },
  'pg.TIMESTAMP': { to: (t) => ({ cls: 'DateTime', ...(t.timezone ? { timezone: true } : {}) }), why: 'DateTime() is the generic timestamp.' },
  'pg.TIME': { to: (t) => ({ cls: 'Time', ...(t.timezone ? { timezone: true } : {}) }), why: 'Time() is the generic time.' },
  'pg.MONEY': { to: () => ({ cls: 'Numeric', precision: 19, scale: 2 }), why: 'MONEY exists only on PostgreSQL: Numeric(19, 2).' },
  'pg.CITEXT': { to: () => ({ cls: 'Text' }), why: 'CITEXT exists only on PostgreSQL: Text plus an index on lower(column) where case-insensitive matching matters.' },
  'pg.OID': { to: () => ({ cls: 'BigInteger' }), why: 'OID exists only on PostgreSQL.' },
  'pg.REGCLASS': { to: () => ({ cls: 'Text' }), why: 'REGCLASS exists only on PostgreSQL.' },
  'pg.BIT': { to: (t) => (t.length === 1 && !t.varying ? { cls: 'Boolean' } : { cls: 'LargeBinary' }), why: 'BIT renders on PostgreSQL and MySQL only.' },
  'pg.DOMAIN': { to: (t, ctx) => portableType(t.base ?? { cls: 'NullType' }, ctx).type, why: "Domains exist only on PostgreSQL: declare the domain's base type and put its CHECK in the model." },
  ...Object.fromEntries(
    ['INT4RANGE', 'INT8RANGE', 'NUMRANGE', 'DATERANGE', 'TSRANGE', 'TSTZRANGE'].map((n) => [
      `pg.${n}`,
      { to: () => ({ cls: 'JSON' }), why: `${n} exists only on PostgreSQL: JSON() holding [lower, upper], or two columns with a CHECK (lower <= upper); range operators (&&, @>) and exclusion constraints stay PostgreSQL-only.` },
    ]),
  ),
  ...Object.fromEntries(
    ['INT4MULTIRANGE', 'INT8MULTIRANGE', 'NUMMULTIRANGE', 'DATEMULTIRANGE', 'TSMULTIRANGE', 'TSTZMULTIRANGE'].map((n) => [
      `pg.${n}`,
      { to: () => ({ cls: 'JSON' }), why: `${n} exists only on PostgreSQL 14+: JSON() holding a list of [lower, upper] pairs, or a child table with one row per range; multirange operators stay PostgreSQL-only.` },
    ]),
  ),
  'mysql.SET': { to: () => ({ cls: 'JSON' }), why: 'SET exists only on MySQL: store a JSON list, or use an association table.' },
  'mysql.TINYINT': { to: () => ({ cls: 'SmallInteger' }), why: 'TINYINT exists only on MySQL: SmallInteger() holds every value, signed or unsigned.' },
  'mysql.MEDIUMINT': { to: () => ({ cls: 'Integer' }), why: 'MEDIUMINT exists only on MySQL.' },
  'mysql.YEAR': { to: () => ({ cls: 'SmallInteger' }), why: 'YEAR exists only on MySQL.' },
  'mysql.TINYTEXT': { to: () => ({ cls: 'String', length: 255 }), why: 'TINYTEXT exists only on MySQL: String(255).' },
  'mysql.MEDIUMTEXT': { to: () => ({ cls: 'Text' }), why: 'Text() (with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb") keeps the size on MySQL and MariaDB).' },
  'mysql.LONGTEXT': { to: () => ({ cls: 'Text' }), why: 'Text() (with_variant(mysql.LONGTEXT(), "mysql", "mariadb") keeps the size on MySQL and MariaDB).' },
  'mysql.TINYBLOB': { to: () => ({ cls: 'LargeBinary' }), why: 'LargeBinary() is the generic binary type.' },
  'mysql.MEDIUMBLOB': { to: () => ({ cls: 'LargeBinary' }), why: 'LargeBinary() (with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb") keeps the size on MySQL and MariaDB).' },
  'mysql.LONGBLOB': { to: () => ({ cls: 'LargeBinary' }), why: 'LargeBinary() (with_variant(mysql.LONGBLOB(), "mysql", "mariadb") keeps the size on MySQL and MariaDB).' },
  'mysql.BIT': { to: (t) => (t.length === 1 ? { cls: 'Boolean' } : { cls: 'LargeBinary' }), why: 'BIT renders on MySQL and PostgreSQL only.' },
  'mysql.DATETIME': { to: () => ({ cls: 'DateTime' }), why: 'DateTime() is the generic timestamp; DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb") keeps the fractional seconds on MySQL and MariaDB.' },
  'mysql.TIMESTAMP': { to: () => ({ cls: 'DateTime' }), why: 'DateTime() is the generic timestamp.' },
  'mysql.TIME': { to: () => ({ cls: 'Time' }), why: 'Time() is the generic time.' },
  'mysql.INTEGER': { to: (t) => (t.unsigned ? { cls: 'BigInteger' } : { cls: 'Integer' }), why: 'Integer() (BigInteger() for INT UNSIGNED, which needs the next wider type elsewhere).' },
  'mysql.BIGINT': { to: (t) => (t.unsigned ? { cls: 'Numeric', precision: 20, scale: 0 } : { cls: 'BigInteger' }), why: 'BigInteger() (Numeric(20, 0) for BIGINT UNSIGNED: no wider integer exists).' },
  'mysql.SMALLINT': { to: (t) => (t.unsigned ? { cls: 'Integer' } : { cls: 'SmallInteger' }), why: 'SmallInteger() (Integer() for SMALLINT UNSIGNED).' },
  'mysql.DECIMAL': { to: (t) => ({ cls: 'Numeric', precision: t.precision, scale: t.scale }), why: 'Numeric(p, s) is the generic exact decimal.' },
  'mysql.FLOAT': { to: () => ({ cls: 'Float' }), why: 'Float() is the generic float.' },
  'mysql.DOUBLE': { to: () => ({ cls: 'Double' }), why: 'Double() is the generic double.' },
  BINARY: { to: (t) => ({ cls: 'LargeBinary', ...(t.length ? { length: t.length } : {}) }), why: 'BINARY/VARBINARY do not exist on PostgreSQL: LargeBinary() is BYTEA there.' },
  VARBINARY: { to: (t) => ({ cls: 'LargeBinary', ...(t.length ? { length: t.length } : {}) }), why: 'BINARY/VARBINARY do not exist on PostgreSQL: LargeBinary() is BYTEA there.' },
  UUID: { to: () => ({ cls: 'Uuid' }), why: 'Uuid() is the generic UUID (native on PostgreSQL, CHAR(32) elsewhere).' },
  REAL: { to: () => ({ cls: 'Double' }), why: 'Double() keeps 8-byte floats everywhere (REAL is 4 bytes on PostgreSQL).' },
  NullType: { to: (t) => t, why: 'Declare a type in the model: SQLAlchemy cannot create a column of an unknown type.' },
};

const VARCHARS = new Set(['String', 'VARCHAR', 'Unicode', 'mysql.VARCHAR']);
const CHARS = new Set(['CHAR', 'NCHAR', 'mysql.CHAR']);

/** String(n) longer than MySQL's VARCHAR allows: keep VARCHAR(n) elsewhere, TEXT(n) on MySQL and MariaDB. */
function longString(n: number): { type: SaType; why: string } {
  return {
    type: { cls: 'String', length: n, variants: [{ dialects: ['mysql', 'mariadb'], type: { cls: 'Text', length: n } }] },
    why: `MySQL and MariaDB cap VARCHAR at ${MYSQL_MAX_VARCHAR.toLocaleString('en-US')} characters under utf8mb4 (65,535 bytes). This keeps VARCHAR(${n}) on PostgreSQL and SQLite, and SQLAlchemy emits TEXT(${n}) on MySQL, which the server creates as ${mysqlTextTypeFor(n)} (the smallest text type holding ${n.toLocaleString('en-US')} characters). Or Text() everywhere when the length limit does not matter.`,
  };
}

/** Every type left generic that does not compile everywhere: these get a targeted fix. */
function genericFix(t: SaType, ctx: PortableContext): { type: SaType; why: string } | null {
  // SQLAlchemy's MySQL DOUBLE/REAL take precision only together with scale (ArgumentError at create_all).
  if ((t.cls === 'Double' || t.cls === 'DOUBLE' || t.cls === 'DOUBLE_PRECISION') && t.precision != null && t.scale == null)
    return { type: { cls: 'Double' }, why: `Double() without a precision: SQLAlchemy's MySQL DOUBLE raises "You must specify both precision and scale or omit both altogether" for Double(${t.precision}), and DOUBLE PRECISION is 53 bits everywhere anyway.` };
  // NVARCHAR/NCHAR render as NVARCHAR on PostgreSQL, which has no such type: Unicode(n)/String(n) are VARCHAR/CHAR there.
  if ((t.cls === 'NVARCHAR' || t.cls === 'NCHAR') && t.length)
    return { type: { cls: t.cls === 'NVARCHAR' ? 'Unicode' : 'CHAR', length: t.length }, why: `${t.cls === 'NVARCHAR' ? 'Unicode' : 'CHAR'}(${t.length}): PostgreSQL has no ${t.cls} type ("type \"${t.cls.toLowerCase()}\" does not exist"); every target stores Unicode text in VARCHAR/CHAR.` };
  if ((t.cls === 'Numeric' || t.cls === 'NUMERIC' || t.cls === 'DECIMAL') && ((t.precision ?? 0) > 65 || (t.scale ?? 0) > 38))
    return {
      type: t,
      why: `MySQL and MariaDB keep at most 65 digits (30 after the point on MySQL, 38 on MariaDB), and no other exact type holds more: narrow it to Numeric(65, ${Math.min(t.scale ?? 0, 30)}) if the data allows, or store the digits as String() where the full precision matters.`,
    };
  if (VARCHARS.has(t.cls) && t.length && t.length > PG_MAX_CHAR_LENGTH)
    return { type: { cls: 'Text' }, why: `PostgreSQL caps VARCHAR at ${PG_MAX_CHAR_LENGTH.toLocaleString('en-US')} characters and MySQL at ${MYSQL_MAX_VARCHAR.toLocaleString('en-US')}: Text() holds it everywhere.` };
  if (VARCHARS.has(t.cls) && t.length && t.length > MYSQL_MAX_VARCHAR) return longString(t.length);
  if ((t.cls === 'Text' || t.cls === 'TEXT' || t.cls === 'UnicodeText') && t.length != null)
    return {
      type: { cls: 'Text' },
      why: `SQLAlchemy emits TEXT(${t.length}) for Text(${t.length}) on every dialect, and PostgreSQL refuses it ("type modifier is not allowed for type "text""); MySQL would pick ${mysqlTextTypeFor(t.length)} for it. Text() without a length, or String(n) where the limit matters.`,
    };
  if (CHARS.has(t.cls) && t.length && t.length > 255) {
    if (t.length > MYSQL_MAX_VARCHAR) return longString(t.length);
    return { type: { cls: 'String', length: t.length }, why: `MySQL and MariaDB cap CHAR at 255 characters: String(${t.length}) (VARCHAR) holds the same text without the blank padding.` };
  }
  if ((t.cls === 'String' || t.cls === 'VARCHAR' || t.cls === 'Unicode') && !t.length) {
    return ctx.indexed
      ? { type: { cls: 'String', length: 255 }, why: 'MySQL needs a length: String(n) with the longest value you allow (String(255) chosen because the column is indexed).' }
      : { type: { cls: 'Text' }, why: 'MySQL needs a length: String(n) with the longest value you allow, or Text() to keep it unbounded (as VARCHAR without length is on PostgreSQL and SQLite).' };
  }
  if ((t.cls === 'Enum' || t.cls === 'pg.ENUM' || t.cls === 'mysql.ENUM') && !t.name && t.nativeEnum !== false) {
    const name = `${ctx.table}_${ctx.column}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 63) || 'enum_type';
    return { type: { cls: 'Enum', enums: t.enums ?? [], name }, why: `PostgreSQL needs a name for a native enum: Enum(..., name='${name}').` };
  }
  return null;
}

export function portableType(t: SaType, ctx: PortableContext): { type: SaType; why?: string } {
  const fix = genericFix(t, ctx);
  if (fix) return fix;
  const r = REPLACEMENTS[t.cls];
  if (r) return { type: r.to(t, ctx), why: r.why };
  if (saClass(t.cls).module !== 'sqlalchemy') {
    // A dialect type with no rule: fall back to its nearest generic superclass.
    const generic = saClass(t.cls).mro.find((m) => saClass(m).module === 'sqlalchemy' && saClass(m).py !== saClass(m).py.toUpperCase());
    if (generic) return { type: { cls: generic }, why: `${generic}() is the nearest generic type.` };
  }
  return { type: t };
}

const ROWID_ALIAS: SaType = { cls: 'Integer' };
const NARROW_INTEGERS = new Set(['BigInteger', 'BIGINT', 'SmallInteger', 'SMALLINT']);

/**
 * The portable type of an auto-increment, single-column integer primary key. SQLite assigns ids only
 * to a column declared exactly INTEGER PRIMARY KEY (the rowid alias, 64-bit): SQLAlchemy emits BIGINT
 * or SMALLINT for BigInteger/SmallInteger there, and an insert without an id fails with "NOT NULL
 * constraint failed". `with_variant(Integer(), "sqlite")` keeps BIGSERIAL / AUTO_INCREMENT elsewhere.
 * Numeric(20, 0), the usual fix for BIGINT UNSIGNED, does not auto-increment (MySQL refuses
 * AUTO_INCREMENT on DECIMAL, PostgreSQL gets a 32-bit SERIAL), so such a key becomes BigInteger.
 * Null when the type already auto-increments everywhere (Integer) or is no integer at all.
 */
export function autoincrementKeyType(t: SaType): { type: SaType; why: string } | null {
  const why = (name: string) =>
    `${name}().with_variant(Integer(), "sqlite"): an auto-increment key must be declared exactly INTEGER PRIMARY KEY on SQLite, the rowid alias SQLite fills in (64-bit, so no range is lost); ${name === 'BigInteger' ? 'BIGINT' : 'SMALLINT'} elsewhere.`;
  if (t.variants?.length) return null;
  if (NARROW_INTEGERS.has(t.cls)) {
    const name = t.cls === 'BIGINT' || t.cls === 'BigInteger' ? 'BigInteger' : 'SmallInteger';
    return { type: { cls: name, variants: [{ dialects: ['sqlite'], type: ROWID_ALIAS }] }, why: why(name) };
  }
  if (t.cls === 'Numeric' && t.precision === 20 && (t.scale ?? 0) === 0) {
    return { type: { cls: 'BigInteger', variants: [{ dialects: ['sqlite'], type: ROWID_ALIAS }] }, why: why('BigInteger') };
  }
  return null;
}
