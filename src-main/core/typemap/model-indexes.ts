import type { BackendFamily } from '../../shared/backends';
import type { IntrospectedIndex, ModelVariant } from '../../shared/typemap-model';
import { pyStr } from './python';
import type { SaType } from './satype';

/**
 * One index of a generated model as Python: `Index(...)` with the dialect arguments it needs, or a
 * comment saying why it is left out. Columns are named by column name (SQLAlchemy resolves the strings
 * in Index() against the table's column names, not the model's attribute names).
 */
export type IndexOut = { code: string; comment?: string } | { comment: string; code?: undefined };

const JSONISH = new Set(['JSON', 'pg.JSON', 'pg.JSONB']);
const UNBOUNDED_TEXT = new Set(['Text', 'TEXT', 'UnicodeText', 'LargeBinary', 'BLOB']);

export function renderIndex(
  i: IntrospectedIndex,
  name: string,
  opts: { family: BackendFamily; variant: ModelVariant; unique: boolean; columnType: (c: string) => SaType | undefined },
): IndexOut {
  const label = `Index(${pyStr(i.name)})`;
  const missing = i.columns.filter((c) => !opts.columnType(c));
  if (missing.length) return { comment: `${label} left out: it indexes an expression (${missing.join(', ')}), which SQLAlchemy needs written as text() per backend.` };
  const kwargs: string[] = [];
  const kind = i.kind?.toUpperCase();
  if (opts.family === 'mysql' && (kind === 'FULLTEXT' || kind === 'SPATIAL')) {
    // SQLAlchemy reads mysql_* on a mysql:// engine and mariadb_* on a mariadb:// one; both are given.
    kwargs.push(`mysql_prefix=${pyStr(kind)}`, `mariadb_prefix=${pyStr(kind)}`);
  } else if (opts.family === 'postgresql' && i.kind) {
    if (opts.variant === 'portable') return { comment: `${label} left out: a ${i.kind.toUpperCase()} index exists only on PostgreSQL (the faithful variant keeps it).` };
    kwargs.push(`postgresql_using=${pyStr(i.kind)}`);
  }
  if (opts.variant === 'portable') {
    const json = i.columns.filter((c) => JSONISH.has(opts.columnType(c)!.cls));
    if (json.length) return { comment: `${label} left out: ${json.join(', ')} is JSON in this model, which PostgreSQL cannot B-tree index and MySQL cannot index at all.` };
  }
  const lengths = new Map<string, number>();
  // information_schema reports a SUB_PART for SPATIAL keys (32) that CREATE SPATIAL INDEX refuses (ERROR 1089).
  if (kind !== 'SPATIAL' && kind !== 'FULLTEXT') i.columns.forEach((c, k) => {
    const p = i.prefixes?.[k];
    if (p != null) lengths.set(c, p);
  });
  if (opts.variant === 'portable' && kind !== 'FULLTEXT' && kind !== 'SPATIAL') {
    // MySQL indexes TEXT/BLOB only through a prefix (ERROR 1170): a unique prefix would not mean unique values.
    const unbounded = i.columns.filter((c) => UNBOUNDED_TEXT.has(opts.columnType(c)!.cls) && !lengths.has(c));
    if (unbounded.length && opts.unique) {
      const code = `Index(${[pyStr(name), ...i.columns.map(pyStr), 'unique=True'].join(', ')}).ddl_if(dialect=("postgresql", "sqlite"))`;
      return { code, comment: `${label} is created on PostgreSQL and SQLite only: MySQL indexes TEXT only through a prefix, and a unique prefix is not unique values; declare String(n) to keep it there.` };
    }
    for (const c of unbounded) lengths.set(c, 255);
  }
  if (lengths.size) {
    const dict = `{${[...lengths].map(([c, n]) => `${pyStr(c)}: ${n}`).join(', ')}}`;
    kwargs.push(`mysql_length=${dict}`, `mariadb_length=${dict}`);
  }
  return { code: `Index(${[pyStr(name), ...i.columns.map(pyStr), ...(opts.unique ? ['unique=True'] : []), ...kwargs].join(', ')})` };
}
