import type { IntrospectedColumn } from '../../shared/typemap-model';
import type { SaType } from './satype';
import { resolveSqliteType } from './sqlite-affinity';

/**
 * The type SQLAlchemy 2.0's reflection builds from what the server reports, per dialect. Unknown
 * names become NullType, as SQLAlchemy does (it warns "Did not recognize type ...").
 */

/** PostgreSQL `ischema_names` (dialects/postgresql/base.py), keyed by format_type() without arguments. */
const PG_ISCHEMA: Record<string, string> = {
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  'character varying': 'VARCHAR',
  character: 'CHAR',
  '"char"': 'String',
  name: 'String',
  text: 'TEXT',
  numeric: 'NUMERIC',
  float: 'FLOAT',
  real: 'REAL',
  inet: 'pg.INET',
  cidr: 'pg.CIDR',
  citext: 'pg.CITEXT',
  uuid: 'UUID',
  bit: 'pg.BIT',
  'bit varying': 'pg.BIT',
  macaddr: 'pg.MACADDR',
  macaddr8: 'pg.MACADDR8',
  money: 'pg.MONEY',
  oid: 'pg.OID',
  regclass: 'pg.REGCLASS',
  'double precision': 'DOUBLE_PRECISION',
  timestamp: 'pg.TIMESTAMP',
  'timestamp with time zone': 'pg.TIMESTAMP',
  'timestamp without time zone': 'pg.TIMESTAMP',
  'time with time zone': 'pg.TIME',
  'time without time zone': 'pg.TIME',
  date: 'DATE',
  time: 'pg.TIME',
  bytea: 'pg.BYTEA',
  boolean: 'BOOLEAN',
  interval: 'pg.INTERVAL',
  tsvector: 'pg.TSVECTOR',
  json: 'pg.JSON',
  jsonb: 'pg.JSONB',
  hstore: 'pg.HSTORE',
  int4range: 'pg.INT4RANGE',
  int8range: 'pg.INT8RANGE',
  numrange: 'pg.NUMRANGE',
  daterange: 'pg.DATERANGE',
  tsrange: 'pg.TSRANGE',
  tstzrange: 'pg.TSTZRANGE',
  int4multirange: 'pg.INT4MULTIRANGE',
  int8multirange: 'pg.INT8MULTIRANGE',
  nummultirange: 'pg.NUMMULTIRANGE',
  datemultirange: 'pg.DATEMULTIRANGE',
  tsmultirange: 'pg.TSMULTIRANGE',
  tstzmultirange: 'pg.TSTZMULTIRANGE',
};

/** `PGDialect._reflect_type`: arguments from `(...)`, array dimensions from trailing `[]`, enums and domains by name. */
export function reflectPostgresType(formatType: string, col?: Pick<IntrospectedColumn, 'typeKind' | 'enumLabels' | 'domainBase'>): SaType {
  const argMatch = /\((.*)\)/.exec(formatType);
  const args = argMatch && argMatch[1] ? argMatch[1].split(/\s*,\s*/) : [];
  const dims = (/((?:\[\])*)$/.exec(formatType)?.[1]?.length ?? 0) / 2;
  const attype = formatType.replace(/\((.*)\)/, '').replace(/((?:\[\])*)$/, '');
  let t: SaType;
  const cls = PG_ISCHEMA[attype.toLowerCase()];
  if (attype === 'numeric') t = args.length === 2 ? { cls: 'NUMERIC', precision: Number(args[0]), scale: Number(args[1]) } : { cls: 'NUMERIC' };
  else if (attype === 'double precision') t = { cls: 'DOUBLE_PRECISION', precision: 53 };
  else if (attype === 'timestamp with time zone' || attype === 'time with time zone')
    t = { cls: cls!, timezone: true, ...(args.length === 1 ? { precision: Number(args[0]) } : {}) };
  else if (attype === 'timestamp without time zone' || attype === 'time without time zone' || attype === 'time')
    t = { cls: cls!, timezone: false, ...(args.length === 1 ? { precision: Number(args[0]) } : {}) };
  else if (attype === 'bit varying') t = { cls: 'pg.BIT', varying: true, ...(args.length === 1 ? { length: Number(args[0]) } : {}) };
  else if (attype.startsWith('interval')) {
    const fields = /^interval (.+)/.exec(attype)?.[1];
    t = { cls: 'pg.INTERVAL', ...(fields ? { fields } : {}), ...(args.length === 1 ? { precision: Number(args[0]) } : {}) };
  } else if (cls) {
    t = { cls };
    const n = Number(args[0]);
    if (args.length >= 1 && Number.isInteger(n)) t.length = n;
  } else if (col?.typeKind === 'enum') {
    t = { cls: 'pg.ENUM', enums: col.enumLabels ?? [], name: unquotePg(attype) };
  } else if (col?.typeKind === 'domain' && col.domainBase) {
    t = { cls: 'pg.DOMAIN', name: unquotePg(attype), base: reflectPostgresType(col.domainBase) };
  } else t = { cls: 'NullType' };
  return dims >= 1 ? { cls: 'pg.ARRAY', item: t } : t;
}

function unquotePg(name: string): string {
  const last = name.includes('.') && !name.startsWith('"') ? name.slice(name.lastIndexOf('.') + 1) : name;
  return /^".*"$/.test(last) ? last.slice(1, -1).replace(/""/g, '"') : last;
}

/** MySQL `ischema_names` (dialects/mysql/base.py), keyed by the lower-case type keyword. */
const MYSQL_ISCHEMA: Record<string, string> = {
  bigint: 'mysql.BIGINT',
  binary: 'BINARY',
  bit: 'mysql.BIT',
  blob: 'mysql.BLOB',
  boolean: 'BOOLEAN',
  char: 'mysql.CHAR',
  date: 'DATE',
  datetime: 'mysql.DATETIME',
  decimal: 'mysql.DECIMAL',
  double: 'mysql.DOUBLE',
  enum: 'mysql.ENUM',
  fixed: 'mysql.DECIMAL',
  float: 'mysql.FLOAT',
  int: 'mysql.INTEGER',
  integer: 'mysql.INTEGER',
  json: 'mysql.JSON',
  longblob: 'mysql.LONGBLOB',
  longtext: 'mysql.LONGTEXT',
  mediumblob: 'mysql.MEDIUMBLOB',
  mediumint: 'mysql.MEDIUMINT',
  mediumtext: 'mysql.MEDIUMTEXT',
  numeric: 'mysql.NUMERIC',
  real: 'mysql.REAL',
  set: 'mysql.SET',
  smallint: 'mysql.SMALLINT',
  text: 'mysql.TEXT',
  time: 'mysql.TIME',
  timestamp: 'mysql.TIMESTAMP',
  tinyblob: 'mysql.TINYBLOB',
  tinyint: 'mysql.TINYINT',
  tinytext: 'mysql.TINYTEXT',
  // MariaDB 10.7+'s native uuid: sqlalchemy.UUID in SQLAlchemy 2.0's MySQL ischema_names.
  uuid: 'UUID',
  varbinary: 'VARBINARY',
  varchar: 'mysql.VARCHAR',
  year: 'mysql.YEAR',
};

/** Splits `enum('a','it''s')` values the way MySQL quotes them. */
export function parseQuotedList(inner: string): string[] {
  const out: string[] = [];
  const re = /'((?:''|\\.|[^'\\])*)'/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) out.push(m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  return out;
}

/** `MySQLTableDefinitionParser._parse_column` over COLUMN_TYPE (the same text SHOW CREATE TABLE prints). */
export function reflectMysqlType(columnType: string): SaType {
  const m = /^(\w+)(?:\((.*)\))?((?:\s+\w+)*)\s*$/i.exec(columnType.trim());
  if (!m) return { cls: 'NullType' };
  const keyword = m[1]!.toLowerCase();
  const argText = m[2] ?? '';
  const flags = (m[3] ?? '').toLowerCase();
  const cls = MYSQL_ISCHEMA[keyword];
  if (!cls) return { cls: 'NullType' };
  const t: SaType = { cls };
  if (keyword === 'enum' || keyword === 'set') {
    t.enums = parseQuotedList(argText);
    return t;
  }
  const nums = (argText.match(/\d+/g) ?? []).map(Number);
  if (['datetime', 'time', 'timestamp'].includes(keyword)) {
    if (nums.length) t.fsp = nums[0];
  } else if (['int', 'integer', 'bigint', 'smallint', 'mediumint', 'tinyint', 'year'].includes(keyword)) {
    if (nums.length) t.displayWidth = nums[0];
  } else if (['decimal', 'fixed', 'numeric', 'float', 'double', 'real'].includes(keyword)) {
    if (nums.length >= 1) t.precision = nums[0];
    if (nums.length >= 2) t.scale = nums[1];
  } else if (nums.length) t.length = nums[0];
  if (/\bunsigned\b/.test(flags)) t.unsigned = true;
  return t;
}

export function reflectSqliteType(declared: string) {
  return resolveSqliteType(declared);
}
