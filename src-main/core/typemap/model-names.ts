import { saClass, type SaType } from './satype';
import { pyStr } from './python';

/** Python-side naming and typing for generated models: identifiers, annotations, safe defaults. */

const PY_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type', '_']);
/** Names a declarative class cannot use for a column attribute. */
const DECLARATIVE_RESERVED = new Set(['metadata', 'registry', '__tablename__', '__table__', '__table_args__', '__mapper__', '__mapper_args__']);

/** A valid Python identifier for `name`: ASCII letters, digits and underscores, never a keyword. */
export function pyIdentifier(name: string, fallback: string): string {
  let id = name.normalize('NFKD').replace(/[^\w]/g, '_').replace(/[^\x00-\x7f]/g, '_');
  id = id.replace(/_+/g, '_');
  if (!id || /^_+$/.test(id)) id = fallback;
  if (/^\d/.test(id)) id = `${fallback}_${id}`;
  if (PY_KEYWORDS.has(id) || DECLARATIVE_RESERVED.has(id) || id.startsWith('__')) id = `${id.replace(/^_+/, '')}_`;
  return id;
}

export function isPlainIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_KEYWORDS.has(name) && !DECLARATIVE_RESERVED.has(name) && !name.startsWith('__');
}

export function className(table: string): string {
  const parts = table.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  return pyIdentifier(camel || 'Table', 'Table');
}

export function unique(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = `${name}${i}`;
  taken.add(n);
  return n;
}

const PY_TYPES: Record<string, { expr: string; module?: string }> = {
  Integer: { expr: 'int' },
  Numeric: { expr: 'decimal.Decimal', module: 'decimal' },
  Float: { expr: 'float' },
  String: { expr: 'str' },
  Boolean: { expr: 'bool' },
  DateTime: { expr: 'datetime.datetime', module: 'datetime' },
  Date: { expr: 'datetime.date', module: 'datetime' },
  Time: { expr: 'datetime.time', module: 'datetime' },
  Interval: { expr: 'datetime.timedelta', module: 'datetime' },
  LargeBinary: { expr: 'bytes' },
  Uuid: { expr: 'uuid.UUID', module: 'uuid' },
  ARRAY: { expr: 'list' },
};
const CLASS_PY: Record<string, { expr: string; module?: string }> = {
  Enum: { expr: 'str' },
  'pg.ENUM': { expr: 'str' },
  'mysql.ENUM': { expr: 'str' },
  'pg.INTERVAL': { expr: 'datetime.timedelta', module: 'datetime' },
  'pg.INET': { expr: 'str' },
  'pg.CIDR': { expr: 'str' },
  'pg.MACADDR': { expr: 'str' },
  'pg.MACADDR8': { expr: 'str' },
  'pg.TSVECTOR': { expr: 'str' },
  'pg.CITEXT': { expr: 'str' },
  'pg.HSTORE': { expr: 'dict[str, Any]' },
  'pg.MONEY': { expr: 'str' },
  'mysql.SET': { expr: 'set[str]' },
  'mysql.YEAR': { expr: 'int' },
  'mysql.TINYINT': { expr: 'int' },
  'mysql.MEDIUMINT': { expr: 'int' },
  'mysql.TINYTEXT': { expr: 'str' },
  'mysql.MEDIUMTEXT': { expr: 'str' },
  'mysql.LONGTEXT': { expr: 'str' },
  'mysql.TINYBLOB': { expr: 'bytes' },
  'mysql.MEDIUMBLOB': { expr: 'bytes' },
  'mysql.LONGBLOB': { expr: 'bytes' },
  BINARY: { expr: 'bytes' },
  VARBINARY: { expr: 'bytes' },
};

/** The Python type for `Mapped[...]`: by class, else by the nearest generic superclass, else Any. */
export function pythonTypeOf(t: SaType): { expr: string; module?: string } {
  if (t.cls === 'pg.DOMAIN' && t.base) return pythonTypeOf(t.base);
  if (CLASS_PY[t.cls]) return CLASS_PY[t.cls]!;
  for (const c of [t.cls, ...saClass(t.cls).mro]) if (PY_TYPES[c]) return PY_TYPES[c]!;
  return { expr: 'Any' };
}

/**
 * A server default that means the same on every backend, as Python for `server_default=`, or
 * null when it is not safe to carry (sequences, casts to dialect types, function calls).
 */
export function portableDefault(sql: string, boolColumn: boolean): { expr: string; needs: string[] } | null {
  let s = sql.trim();
  while (/^\(.*\)$/.test(s)) s = s.slice(1, -1).trim();
  s = s.replace(/::[\w ."]+(\[\])?$/, '');
  if (boolColumn) {
    if (/^(1|true|'1'|'t'|'true')$/i.test(s)) return { expr: 'true()', needs: ['true'] };
    if (/^(0|false|'0'|'f'|'false')$/i.test(s)) return { expr: 'false()', needs: ['false'] };
    return null;
  }
  if (/^(current_timestamp(\(\))?|now\(\)|current_timestamp\(\d\))$/i.test(s)) return { expr: 'func.now()', needs: ['func'] };
  if (/^-?\d+(\.\d+)?$/.test(s) || /^'(?:[^']|'')*'$/.test(s)) return { expr: `text(${pyStr(s)})`, needs: ['text'] };
  return null;
}
