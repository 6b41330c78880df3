import { saClass, type SaParam, type SaType } from './satype';

/** Python source for SQLAlchemy types: `String(40)`, `postgresql.JSONB()`, `Enum('a', 'b', name='mood')`. */

const PY_KW: Record<SaParam, string> = {
  length: 'length',
  precision: 'precision',
  scale: 'scale',
  timezone: 'timezone',
  fsp: 'fsp',
  displayWidth: 'display_width',
  unsigned: 'unsigned',
  enums: 'enums',
  name: 'name',
  nativeEnum: 'native_enum',
  createConstraint: 'create_constraint',
  item: 'item_type',
  fields: 'fields',
  varying: 'varying',
  base: 'data_type',
};

const DIALECT_ALIAS: Record<string, string> = {
  'sqlalchemy.dialects.postgresql': 'postgresql',
  'sqlalchemy.dialects.mysql': 'mysql',
  'sqlalchemy.dialects.sqlite': 'sqlite',
};

/** A Python string literal that round-trips any JavaScript string (quotes, backslashes, control and lone surrogate characters). */
export function pyStr(s: string): string {
  // Like Python's repr(): single quotes unless the text has a single quote and no double quote.
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}${q}`;
}

function pyValue(key: SaParam, v: unknown): string {
  if (key === 'item' || key === 'base') return pyType(v as SaType);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyStr(v);
  throw new Error(`cannot render ${key}`);
}

/** The qualified Python name: generic types bare, dialect types through their module alias (`postgresql.JSONB`). */
export function pyClassName(cls: string): string {
  const c = saClass(cls);
  const alias = DIALECT_ALIAS[c.module];
  return alias ? `${alias}.${c.py}` : c.py;
}

export function pyType(t: SaType): string {
  const c = saClass(t.cls);
  const args: string[] = [];
  let positional = true;
  const done = new Set<SaParam>();
  for (const p of c.pos) {
    const v = t[p];
    if (v === undefined) {
      positional = false;
      continue;
    }
    done.add(p);
    if (p === 'enums') args.push(...(v as string[]).map(pyStr));
    else if (positional) args.push(pyValue(p, v));
    else args.push(`${PY_KW[p]}=${pyValue(p, v)}`);
  }
  for (const p of c.kw) {
    const v = t[p];
    if (v === undefined || done.has(p)) continue;
    // Defaults are left out, as sqlacodegen does.
    if ((p === 'timezone' || p === 'unsigned' || p === 'varying' || p === 'createConstraint') && v === false) continue;
    if (p === 'nativeEnum' && v === true) continue;
    args.push(`${PY_KW[p]}=${pyValue(p, v)}`);
  }
  const variants = (t.variants ?? []).map((v) => `.with_variant(${pyType(v.type)}, ${v.dialects.map((d) => `"${d}"`).join(', ')})`);
  return `${pyClassName(t.cls)}(${args.join(', ')})${variants.join('')}`;
}

/** Every import a type expression needs: generic names from `sqlalchemy`, dialect modules as a whole. */
export function collectImports(t: SaType, into: { names: Set<string>; dialects: Set<string> }): void {
  const c = saClass(t.cls);
  const alias = DIALECT_ALIAS[c.module];
  if (alias) into.dialects.add(alias);
  else into.names.add(c.py);
  if (t.item) collectImports(t.item, into);
  if (t.base) collectImports(t.base, into);
  for (const v of t.variants ?? []) collectImports(v.type, into);
}
