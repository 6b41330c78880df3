/**
 * SQLAlchemy 2.0's type classes as data: for each class its Python name and module, its
 * `__visit_name__` (which decides how a dialect's type compiler renders it), its public superclasses
 * in MRO order (what reflection adaptation walks), and the constructor arguments `adapt()` copies.
 * Read from lib/sqlalchemy/sql/sqltypes.py and the dialects' types modules (2.0.x).
 */

export interface SaType {
  cls: string;
  length?: number;
  precision?: number;
  scale?: number;
  timezone?: boolean;
  /** MySQL fractional seconds precision (DATETIME(6)). */
  fsp?: number;
  /** MySQL integer display width (INT(11)); it never limits values. */
  displayWidth?: number;
  unsigned?: boolean;
  enums?: string[];
  /** Enum / DOMAIN type name. */
  name?: string;
  nativeEnum?: boolean;
  createConstraint?: boolean;
  item?: SaType;
  fields?: string;
  varying?: boolean;
  /** DOMAIN's underlying data type. */
  base?: SaType;
  /** `with_variant(type, *dialect_names)`: the type used instead on those dialects (SQLAlchemy matches dialect.name exactly). */
  variants?: SaVariant[];
}

/** SQLAlchemy dialect names as `with_variant` matches them: a "mysql" variant does not apply to a mariadb:// engine. */
export type SaDialectName = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite';

export interface SaVariant {
  dialects: SaDialectName[];
  type: SaType;
}

export type SaParam = Exclude<keyof SaType, 'cls' | 'variants'>;
export type PyModule = 'sqlalchemy' | 'sqlalchemy.dialects.postgresql' | 'sqlalchemy.dialects.mysql' | 'sqlalchemy.dialects.sqlite';

export interface SaClass {
  id: string;
  py: string;
  module: PyModule;
  visit: string;
  /** Public superclasses with a visit name, nearest first (the class itself excluded). */
  mro: string[];
  /** Constructor arguments, rendered positionally in this order. */
  pos: SaParam[];
  /** Constructor arguments rendered as keywords. */
  kw: SaParam[];
}

const SA: PyModule = 'sqlalchemy';
const PG: PyModule = 'sqlalchemy.dialects.postgresql';
const MY: PyModule = 'sqlalchemy.dialects.mysql';
const LITE: PyModule = 'sqlalchemy.dialects.sqlite';

type Row = [id: string, module: PyModule, visit: string, mro: string[], pos: SaParam[], kw?: SaParam[]];

const STR = ['String'];
const INT = ['Integer'];
const NUM = ['Numeric'];
const FLT = ['Float', 'Numeric'];
const MYINT: SaParam[] = ['displayWidth'];
const MYINTKW: SaParam[] = ['unsigned'];

const ROWS: Row[] = [
  // Generic ("CamelCase") types: what adaptation aims for.
  ['String', SA, 'string', [], ['length']],
  ['Unicode', SA, 'unicode', STR, ['length']],
  ['Text', SA, 'text', STR, ['length']],
  ['UnicodeText', SA, 'unicode_text', ['Text', 'String'], ['length']],
  ['Integer', SA, 'integer', [], []],
  ['SmallInteger', SA, 'small_integer', INT, []],
  ['BigInteger', SA, 'big_integer', INT, []],
  ['Numeric', SA, 'numeric', [], ['precision', 'scale']],
  ['Float', SA, 'float', NUM, ['precision']],
  ['Double', SA, 'double', FLT, ['precision']],
  ['DateTime', SA, 'datetime', [], [], ['timezone']],
  ['Date', SA, 'date', [], []],
  ['Time', SA, 'time', [], [], ['timezone']],
  ['Interval', SA, 'interval', [], []],
  ['Boolean', SA, 'boolean', [], [], ['createConstraint']],
  ['LargeBinary', SA, 'large_binary', [], ['length']],
  ['JSON', SA, 'JSON', [], []],
  ['Uuid', SA, 'uuid', [], []],
  ['Enum', SA, 'enum', STR, ['enums'], ['name', 'nativeEnum', 'length', 'createConstraint']],
  ['ARRAY', SA, 'ARRAY', [], ['item']],
  ['NullType', SA, 'null', [], []],
  // SQL-standard ("UPPERCASE") types in sqlalchemy itself: rendered by every dialect that has the visit.
  ['VARCHAR', SA, 'VARCHAR', STR, ['length']],
  ['CHAR', SA, 'CHAR', STR, ['length']],
  ['NVARCHAR', SA, 'NVARCHAR', ['Unicode', 'String'], ['length']],
  ['NCHAR', SA, 'NCHAR', ['Unicode', 'String'], ['length']],
  ['TEXT', SA, 'TEXT', ['Text', 'String'], ['length']],
  ['CLOB', SA, 'CLOB', ['Text', 'String'], ['length']],
  ['INTEGER', SA, 'INTEGER', INT, []],
  ['SMALLINT', SA, 'SMALLINT', ['SmallInteger', 'Integer'], []],
  ['BIGINT', SA, 'BIGINT', ['BigInteger', 'Integer'], []],
  ['NUMERIC', SA, 'NUMERIC', NUM, ['precision', 'scale']],
  ['DECIMAL', SA, 'DECIMAL', NUM, ['precision', 'scale']],
  ['FLOAT', SA, 'FLOAT', FLT, ['precision']],
  ['REAL', SA, 'REAL', FLT, ['precision']],
  ['DOUBLE', SA, 'DOUBLE', ['Double', 'Float', 'Numeric'], ['precision']],
  ['DOUBLE_PRECISION', SA, 'DOUBLE_PRECISION', ['Double', 'Float', 'Numeric'], ['precision']],
  ['TIMESTAMP', SA, 'TIMESTAMP', ['DateTime'], [], ['timezone']],
  ['DATETIME', SA, 'DATETIME', ['DateTime'], [], ['timezone']],
  ['DATE', SA, 'DATE', ['Date'], []],
  ['TIME', SA, 'TIME', ['Time'], [], ['timezone']],
  ['BOOLEAN', SA, 'BOOLEAN', ['Boolean'], [], ['createConstraint']],
  ['BLOB', SA, 'BLOB', ['LargeBinary'], ['length']],
  ['BINARY', SA, 'BINARY', [], ['length']],
  ['VARBINARY', SA, 'VARBINARY', [], ['length']],
  ['UUID', SA, 'UUID', ['Uuid'], []],
  // PostgreSQL dialect types.
  ['pg.TIMESTAMP', PG, 'TIMESTAMP', ['TIMESTAMP', 'DateTime'], [], ['timezone', 'precision']],
  ['pg.TIME', PG, 'TIME', ['TIME', 'Time'], [], ['timezone', 'precision']],
  ['pg.INTERVAL', PG, 'INTERVAL', [], [], ['precision', 'fields']],
  ['pg.BYTEA', PG, 'BYTEA', ['LargeBinary'], []],
  ['pg.JSON', PG, 'JSON', ['JSON'], []],
  ['pg.JSONB', PG, 'JSONB', ['pg.JSON', 'JSON'], []],
  ['pg.ENUM', PG, 'ENUM', ['Enum', 'String'], ['enums'], ['name']],
  ['pg.DOMAIN', PG, 'DOMAIN', [], ['name', 'base']],
  ['pg.ARRAY', PG, 'ARRAY', ['ARRAY'], ['item']],
  ['pg.BIT', PG, 'BIT', [], ['length'], ['varying']],
  ['pg.CITEXT', PG, 'CITEXT', ['TEXT', 'Text', 'String'], []],
  ['pg.INET', PG, 'INET', [], []],
  ['pg.CIDR', PG, 'CIDR', [], []],
  ['pg.MACADDR', PG, 'MACADDR', [], []],
  ['pg.MACADDR8', PG, 'MACADDR8', [], []],
  ['pg.MONEY', PG, 'MONEY', [], []],
  ['pg.OID', PG, 'OID', [], []],
  ['pg.REGCLASS', PG, 'REGCLASS', [], []],
  ['pg.TSVECTOR', PG, 'TSVECTOR', [], []],
  ['pg.HSTORE', PG, 'HSTORE', [], []],
  ['pg.INT4RANGE', PG, 'INT4RANGE', [], []],
  ['pg.INT8RANGE', PG, 'INT8RANGE', [], []],
  ['pg.NUMRANGE', PG, 'NUMRANGE', [], []],
  ['pg.DATERANGE', PG, 'DATERANGE', [], []],
  ['pg.TSRANGE', PG, 'TSRANGE', [], []],
  ['pg.TSTZRANGE', PG, 'TSTZRANGE', [], []],
  ['pg.INT4MULTIRANGE', PG, 'INT4MULTIRANGE', [], []],
  ['pg.INT8MULTIRANGE', PG, 'INT8MULTIRANGE', [], []],
  ['pg.NUMMULTIRANGE', PG, 'NUMMULTIRANGE', [], []],
  ['pg.DATEMULTIRANGE', PG, 'DATEMULTIRANGE', [], []],
  ['pg.TSMULTIRANGE', PG, 'TSMULTIRANGE', [], []],
  ['pg.TSTZMULTIRANGE', PG, 'TSTZMULTIRANGE', [], []],
  // MySQL / MariaDB dialect types.
  ['mysql.INTEGER', MY, 'INTEGER', ['INTEGER', 'Integer'], MYINT, MYINTKW],
  ['mysql.BIGINT', MY, 'BIGINT', ['BIGINT', 'BigInteger', 'Integer'], MYINT, MYINTKW],
  ['mysql.SMALLINT', MY, 'SMALLINT', ['SMALLINT', 'SmallInteger', 'Integer'], MYINT, MYINTKW],
  ['mysql.MEDIUMINT', MY, 'MEDIUMINT', INT, MYINT, MYINTKW],
  ['mysql.TINYINT', MY, 'TINYINT', INT, MYINT, MYINTKW],
  ['mysql.DECIMAL', MY, 'DECIMAL', ['DECIMAL', 'Numeric'], ['precision', 'scale'], MYINTKW],
  ['mysql.NUMERIC', MY, 'NUMERIC', ['NUMERIC', 'Numeric'], ['precision', 'scale'], MYINTKW],
  ['mysql.FLOAT', MY, 'FLOAT', ['FLOAT', 'Float', 'Numeric'], ['precision', 'scale'], MYINTKW],
  ['mysql.DOUBLE', MY, 'DOUBLE', ['DOUBLE', 'Double', 'Float', 'Numeric'], ['precision', 'scale'], MYINTKW],
  ['mysql.REAL', MY, 'REAL', ['REAL', 'Float', 'Numeric'], ['precision', 'scale'], MYINTKW],
  ['mysql.DATETIME', MY, 'DATETIME', ['DATETIME', 'DateTime'], [], ['timezone', 'fsp']],
  ['mysql.TIMESTAMP', MY, 'TIMESTAMP', ['TIMESTAMP', 'DateTime'], [], ['timezone', 'fsp']],
  ['mysql.TIME', MY, 'TIME', ['TIME', 'Time'], [], ['timezone', 'fsp']],
  ['mysql.YEAR', MY, 'YEAR', [], ['displayWidth']],
  ['mysql.CHAR', MY, 'CHAR', ['CHAR', 'String'], ['length']],
  ['mysql.VARCHAR', MY, 'VARCHAR', ['VARCHAR', 'String'], ['length']],
  ['mysql.TEXT', MY, 'TEXT', ['TEXT', 'Text', 'String'], ['length']],
  ['mysql.TINYTEXT', MY, 'TINYTEXT', STR, []],
  ['mysql.MEDIUMTEXT', MY, 'MEDIUMTEXT', STR, []],
  ['mysql.LONGTEXT', MY, 'LONGTEXT', STR, []],
  ['mysql.BLOB', MY, 'BLOB', ['BLOB', 'LargeBinary'], ['length']],
  ['mysql.TINYBLOB', MY, 'TINYBLOB', [], []],
  ['mysql.MEDIUMBLOB', MY, 'MEDIUMBLOB', [], []],
  ['mysql.LONGBLOB', MY, 'LONGBLOB', [], []],
  ['mysql.BIT', MY, 'BIT', [], ['length']],
  ['mysql.JSON', MY, 'JSON', ['JSON'], []],
  ['mysql.ENUM', MY, 'ENUM', ['Enum', 'String'], ['enums']],
  ['mysql.SET', MY, 'SET', STR, ['enums']],
  // SQLite dialect types.
  ['sqlite.JSON', LITE, 'JSON', ['JSON'], []],
];

export const SA_CLASSES: ReadonlyMap<string, SaClass> = new Map(
  ROWS.map(([id, module, visit, mro, pos, kw]) => [id, { id, py: id.includes('.') ? id.slice(id.indexOf('.') + 1) : id, module, visit, mro, pos, kw: kw ?? [] }]),
);

export function saClass(id: string): SaClass {
  const c = SA_CLASSES.get(id);
  if (!c) throw new Error(`Unknown SQLAlchemy type class ${id}`);
  return c;
}

/** The constructor arguments a class accepts, i.e. what `TypeEngine.adapt()` carries over. */
export function paramsOf(id: string): Set<SaParam> {
  const c = saClass(id);
  return new Set([...c.pos, ...c.kw]);
}

/** SQLAlchemy's `adapt(cls)`: a new instance of `to`, carrying the attributes its constructor accepts. */
export function adaptTo(t: SaType, to: string): SaType {
  const keep = paramsOf(to);
  const out: SaType = { cls: to };
  for (const [k, v] of Object.entries(t) as Array<[SaParam | 'cls', unknown]>) {
    if (k === 'cls' || v === undefined) continue;
    if (keep.has(k)) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Generic classes are the CamelCase ones: adaptation stops at the first that renders the same DDL. */
export function isCamelCase(id: string): boolean {
  const py = saClass(id).py;
  return py !== py.toUpperCase();
}

export function sa(cls: string, args: Omit<SaType, 'cls'> = {}): SaType {
  return { cls, ...args };
}
