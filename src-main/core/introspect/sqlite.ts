import type { DriverConnection } from '../drivers';
import type { IntrospectedSchema } from '../../shared/typemap-model';
import { sqliteAffinity } from '../typemap/sqlite-affinity';
import { checkAborted, tableMap, type IntrospectOptions, type Introspector } from './types';
import { extractChecks } from './sqlite-checks';

/**
 * SQLite through its table-valued pragma functions: one query each for tables, columns
 * (pragma_table_xinfo, with hidden and generated columns), foreign keys and indexes, joined against
 * sqlite_master so a thousand tables cost four statements, not four thousand.
 */
const q = (schema: string) => `"${schema.replace(/"/g, '""')}"`;

export const sqliteIntrospector: Introspector = {
  async listSchemas(conn) {
    const { rows } = await conn.query<{ name: string }>('SELECT name FROM pragma_database_list ORDER BY seq');
    return rows.map((r) => r.name).filter((n) => n !== 'temp');
  },

  async introspect(conn: DriverConnection, opts: IntrospectOptions): Promise<IntrospectedSchema> {
    const schema = opts.schema ?? 'main';
    const master = `${q(schema)}.sqlite_master`;
    const total = 5;
    const step = (n: number, msg: string) => {
      checkAborted(opts.signal);
      opts.onProgress?.(n, total, msg);
    };
    const version = (await conn.query<{ v: string }>('SELECT sqlite_version() AS v')).rows[0]!.v;
    const filter = `m.type = 'table' AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~'`;
    const tablesRows = (await conn.query<{ name: string; sql: string | null }>(`SELECT m.name, m.sql FROM ${master} m WHERE ${filter} ORDER BY m.name`)).rows;
    step(1, `${tablesRows.length} tables`);
    const tables = tableMap(schema, tablesRows.map((r) => r.name));
    const sqlOf = new Map(tablesRows.map((r) => [r.name, r.sql ?? '']));

    const cols = await conn.query<{ tbl: string; cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }>(
      `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden FROM ${master} m JOIN pragma_table_xinfo(m.name, ?) p WHERE ${filter} ORDER BY m.name, p.cid`,
      [schema],
    );
    step(2, `${cols.rows.length} columns`);
    const pkOrder = new Map<string, Array<{ name: string; pk: number; type: string }>>();
    for (const r of cols.rows) {
      // hidden = 1: a hidden column of a virtual table; 2 and 3: generated (virtual, stored).
      if (r.hidden === 1) continue;
      const t = tables.get(r.tbl)!;
      t.columns.push({
        name: r.name,
        ordinal: t.columns.length + 1,
        nativeType: r.type,
        nullable: r.notnull === 0,
        default: r.dflt_value,
        autoincrement: false,
        affinity: sqliteAffinity(r.type),
        ...(r.hidden === 2 || r.hidden === 3 ? { computed: r.hidden === 3 ? 'STORED' : 'VIRTUAL', computedKind: r.hidden === 3 ? ('stored' as const) : ('virtual' as const) } : {}),
      });
      if (r.pk > 0) {
        const list = pkOrder.get(r.tbl) ?? [];
        list.push({ name: r.name, pk: r.pk, type: r.type });
        pkOrder.set(r.tbl, list);
      }
    }
    for (const [name, list] of pkOrder) {
      const t = tables.get(name)!;
      t.primaryKey = list.sort((a, b) => a.pk - b.pk).map((c) => c.name);
      // A single "INTEGER PRIMARY KEY" column is the rowid alias: SQLite assigns its values.
      if (list.length === 1 && list[0]!.type.toUpperCase() === 'INTEGER') t.columns.find((c) => c.name === list[0]!.name)!.autoincrement = true;
    }

    const fks = await conn.query<{ tbl: string; id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }>(
      `SELECT m.name AS tbl, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete FROM ${master} m JOIN pragma_foreign_key_list(m.name, ?) f WHERE ${filter} ORDER BY m.name, f.id, f.seq`,
      [schema],
    );
    step(3, `${fks.rows.length} foreign key columns`);
    const fkById = new Map<string, IntrospectedSchema['tables'][number]['foreignKeys'][number]>();
    for (const r of fks.rows) {
      const key = `${r.tbl}\u0000${r.id}`;
      let fk = fkById.get(key);
      if (!fk) {
        fk = { name: null, columns: [], refSchema: null, refTable: r.table, refColumns: [], ...(r.on_delete !== 'NO ACTION' ? { onDelete: r.on_delete } : {}), ...(r.on_update !== 'NO ACTION' ? { onUpdate: r.on_update } : {}) };
        fkById.set(key, fk);
        tables.get(r.tbl)!.foreignKeys.push(fk);
      }
      fk.columns.push(r.from);
      if (r.to) fk.refColumns.push(r.to);
    }
    // "REFERENCES tenants" without columns refers to the parent's primary key.
    for (const fk of fkById.values()) if (fk.refColumns.length === 0) fk.refColumns = tables.get(fk.refTable)?.primaryKey ?? [];

    const idx = await conn.query<{ tbl: string; idx: string; unique: number; origin: string; seqno: number; col: string | null }>(
      `SELECT m.name AS tbl, il.name AS idx, il."unique", il.origin, ii.seqno, ii.name AS col FROM ${master} m JOIN pragma_index_list(m.name, ?) il JOIN pragma_index_info(il.name, ?) ii WHERE ${filter} ORDER BY m.name, il.name, ii.seqno`,
      [schema, schema],
    );
    step(4, `${idx.rows.length} index columns`);
    const byIndex = new Map<string, { tbl: string; name: string; unique: boolean; origin: string; columns: string[] }>();
    for (const r of idx.rows) {
      const key = `${r.tbl}\u0000${r.idx}`;
      let i = byIndex.get(key);
      if (!i) byIndex.set(key, (i = { tbl: r.tbl, name: r.idx, unique: r.unique === 1, origin: r.origin, columns: [] }));
      i.columns.push(r.col ?? '(expression)');
    }
    for (const i of byIndex.values()) {
      const t = tables.get(i.tbl)!;
      if (i.origin === 'pk') continue;
      if (i.origin === 'u') t.uniques.push({ name: i.name, columns: i.columns, unique: true });
      else t.indexes.push({ name: i.name, columns: i.columns, unique: i.unique });
    }
    for (const t of tables.values()) t.checks = extractChecks(sqlOf.get(t.name) ?? '').map((sql) => ({ name: null, sql }));
    step(5, 'checks');
    return { backend: 'sqlite', family: 'sqlite', serverVersion: `SQLite ${version}`, schema, tables: [...tables.values()] };
  },
};
