import type { IntrospectedForeignKey, IntrospectedIndex, IntrospectedSchema, IntrospectedTable, ModelVariant } from '../../shared/typemap-model';
import { mapColumns, TypeCache, type MappedColumn } from './map';
import type { SaType } from './satype';

/**
 * Schema-wide decisions a models.py needs before any table is written: which tables a foreign key
 * really points at, which types keys and the columns referencing them share, and index and constraint
 * names that stay unique where the target wants them unique. Pure.
 */
export interface ModelPlan {
  tables: IntrospectedTable[];
  columns: Map<IntrospectedTable, MappedColumn[]>;
  /** The table a foreign key points at among the exported ones (letter case resolved), or why it is left out. */
  fkTarget(fk: IntrospectedForeignKey): { table: IntrospectedTable } | { missing: string };
  /** The type the model declares for a column (portable: the referenced key's type for a foreign key column). */
  typeOf(table: IntrospectedTable, column: string): SaType;
  /** typeOf for each of the table's columns, in order. */
  typesOf(table: IntrospectedTable): SaType[];
  /** Why a column's type differs from its own mapping, for a comment. */
  typeNote(table: IntrospectedTable, column: string): string | undefined;
  indexName(table: IntrospectedTable, index: IntrospectedIndex): string;
  constraintName(table: IntrospectedTable, name: string): string;
}

/** PostgreSQL and MySQL cut identifiers at 63 and 64 characters: keep renamed ones under both. */
const MAX_NAME = 63;

/** `mapped`: the tables' columns already mapped (the report maps them once for the grid and for this). */
export function planModels(schema: IntrospectedSchema, picked: IntrospectedTable[], variant: ModelVariant, cache: TypeCache = new TypeCache(), mapped?: ReadonlyMap<IntrospectedTable, MappedColumn[]>): ModelPlan {
  const columns = new Map(picked.map((t) => [t, mapped?.get(t) ?? mapColumns(schema.family, t, cache)] as const));
  const byName = new Map(picked.map((t) => [t.name, t] as const));
  const byLower = new Map<string, IntrospectedTable>();
  for (const t of picked) if (!byLower.has(t.name.toLowerCase())) byLower.set(t.name.toLowerCase(), t);
  const fkTarget = (fk: IntrospectedForeignKey): { table: IntrospectedTable } | { missing: string } => {
    if (fk.refSchema) return { missing: `it points into schema ${fk.refSchema}, which this file does not describe` };
    // SQLite (and MySQL with lower_case_table_names) accept a reference in another letter case; SQLAlchemy matches exactly.
    const t = byName.get(fk.refTable) ?? byLower.get(fk.refTable.toLowerCase());
    return t ? { table: t } : { missing: `table ${fk.refTable} is not in this file` };
  };

  // Per table, its mapped columns by name (the first of a name, as a search from the start finds).
  const byColumn = new Map<IntrospectedTable, Map<string, MappedColumn>>();
  const withConstraint = new WeakMap<SaType, SaType>();
  const own = (t: IntrospectedTable, c: string) => {
    let named = byColumn.get(t);
    if (!named) {
      named = new Map();
      for (const m of columns.get(t)!) if (!named.has(m.mapping.column)) named.set(m.mapping.column, m);
      byColumn.set(t, named);
    }
    const mc = named.get(c);
    return mc && ownType(mc);
  };
  const ownType = (mc: MappedColumn): SaType => {
    if (variant === 'faithful') return mc.generic;
    if (!mc.enumCheck || mc.portable.cls !== 'Enum') return mc.portable;
    // One object per shared type (the mapping cache shares it between columns), so the model check
    // compiles it once instead of once per column.
    let checked = withConstraint.get(mc.portable);
    if (!checked) withConstraint.set(mc.portable, (checked = { ...mc.portable, createConstraint: true }));
    return checked;
  };
  const colOf = (t: IntrospectedTable, c: string) => t.columns.find((x) => x.name === c) ?? t.columns.find((x) => x.name.toLowerCase() === c.toLowerCase());
  // Portable: a foreign key column takes the type of the key it references (InnoDB refuses an INT
  // referencing a BIGINT, errno 150), following chains; the SQLite rowid variant comes along harmlessly.
  // By table, then column (no key string built per lookup: 20,000 columns are looked up here).
  const resolved = new Map<string, Map<string, { type: SaType; note?: string }>>();
  // Without a note, columns of one (shared) type share one answer object.
  const plainOf = new WeakMap<SaType, { type: SaType }>();
  const plain = (type: SaType) => {
    let p = plainOf.get(type);
    if (!p) plainOf.set(type, (p = { type }));
    return p;
  };
  // A type as text, its variants left out, to compare a foreign key column's with its key's. Once
  // per (shared) type object: written out per foreign key, it was most of the model check's time.
  const textOf = new WeakMap<SaType, string>();
  const withoutVariants = (type: SaType) => {
    let text = textOf.get(type);
    if (text === undefined) textOf.set(type, (text = JSON.stringify({ ...type, variants: undefined })));
    return text;
  };
  const typeAndNote = (t: IntrospectedTable, c: string, depth = 0): { type: SaType; note?: string } => {
    let inTable = resolved.get(t.name);
    if (!inTable) resolved.set(t.name, (inTable = new Map()));
    const hit = inTable.get(c);
    if (hit) return hit;
    let out: { type: SaType; note?: string } = plain(own(t, c) ?? { cls: 'NullType' });
    if (variant === 'portable' && depth < 8) {
      for (const fk of t.foreignKeys) {
        const i = fk.columns.indexOf(c);
        if (i < 0) continue;
        const target = fkTarget(fk);
        if (!('table' in target)) continue;
        const refCol = colOf(target.table, fk.refColumns[i] ?? '');
        if (!refCol) continue;
        const ref = typeAndNote(target.table, refCol.name, depth + 1).type;
        if (withoutVariants(out.type) !== withoutVariants(ref)) {
          out = { type: ref, note: `declared like ${target.table.name}.${refCol.name}, the key it references (MySQL and MariaDB refuse a foreign key whose type differs from the key's)` };
        } else out = plain(ref);
        break;
      }
    }
    inTable.set(c, out);
    return out;
  };

  // PostgreSQL and SQLite keep index names (and PostgreSQL the indexes behind UNIQUE constraints) in one
  // namespace per schema, shared with tables; MySQL per table. MySQL keeps foreign key and CHECK names per schema.
  // Worked out on first use: the report's model check (modelBlockers) asks only for types.
  let names: { indexNames: Map<string, string>; constraintNames: Map<string, string> } | undefined;
  const namesOf = () => {
    if (names) return names;
    const indexNames = new Map<string, string>();
    const constraintNames = new Map<string, string>();
    if (variant === 'portable') {
      const taken = new Set(picked.map((t) => t.name.toLowerCase()));
      const takenConstraints = new Set<string>();
      const rename = (t: IntrospectedTable, name: string, used: Set<string>, into: Map<string, string>) => {
        let n = name;
        if (used.has(n.toLowerCase())) {
          const base = `${t.name}_${name}`.slice(0, MAX_NAME - 3);
          n = base;
          for (let k = 2; used.has(n.toLowerCase()); k++) n = `${base}_${k}`;
        }
        used.add(n.toLowerCase());
        into.set(`${t.name}\u0000${name}`, n);
      };
      for (const t of picked) for (const i of [...t.uniques, ...t.indexes]) if (!i.name.startsWith('sqlite_autoindex')) rename(t, i.name, taken, indexNames);
      for (const t of picked) for (const n of [...t.foreignKeys.map((f) => f.name), ...t.checks.map((c) => c.name)]) if (n) rename(t, n, takenConstraints, constraintNames);
    }
    return (names = { indexNames, constraintNames });
  };
  return {
    tables: picked,
    columns,
    fkTarget,
    typeOf: (t, c) => typeAndNote(t, c).type,
    // A column no foreign key names, and the first of its name, has its own mapping's type: taken
    // straight from the mapped columns (the model check asks for all 20,000 of a large schema).
    typesOf: (t) => {
      const mapped = columns.get(t)!;
      const fkColumns = variant === 'portable' && t.foreignKeys.length ? new Set(t.foreignKeys.flatMap((fk) => fk.columns)) : undefined;
      const seen = new Set<string>();
      return t.columns.map((c, k) => {
        const first = !seen.has(c.name);
        seen.add(c.name);
        const mc = mapped[k];
        return first && mc?.mapping.column === c.name && !fkColumns?.has(c.name) ? ownType(mc) : typeAndNote(t, c.name).type;
      });
    },
    typeNote: (t, c) => typeAndNote(t, c).note,
    indexName: (t, i) => namesOf().indexNames.get(`${t.name}\u0000${i.name}`) ?? i.name,
    constraintName: (t, n) => namesOf().constraintNames.get(`${t.name}\u0000${n}`) ?? n,
  };
}
