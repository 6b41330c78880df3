import type { IntrospectedColumn, IntrospectedSchema } from '../../shared/typemap-model';
import { checkAborted, rowsByTable, tableMap, withSecondSession, type Introspector } from './types';

/**
 * PostgreSQL from pg_catalog in five set-based queries per schema (tables, columns, enums and
 * domains, constraints, indexes), as SQLAlchemy's get_multi_* reflection does.
 */
const FK_ACTIONS: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT', r: 'RESTRICT' };

export const postgresIntrospector: Introspector = {
  async listSchemas(conn) {
    const { rows } = await conn.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname",
    );
    return rows.map((r) => r.nspname);
  },

  async introspect(conn, opts) {
    const total = 5;
    let done = 0;
    const step = (msg: string) => {
      checkAborted(opts.signal);
      opts.onProgress?.(++done, total, msg);
    };
    // One session: a second one (as MySQL/MariaDB use) made this slower. A new PostgreSQL session
    // is a forked process with empty catalog caches, so its share of the queries (pg_get_indexdef,
    // the constraint joins) cost more than on the warm first one, and its start and exit add to it.
    return withSecondSession(conn, { ...opts, openSession: undefined }, async (first) => {
      const head = (await first<{ schema: string; version: string }>('SELECT current_schema() AS schema, current_setting(\'server_version\') AS version')).rows[0]!;
      const schema = opts.schema ?? head.schema;
      // Every query is sent before any answer is read (on one session they run one after another).
      // Rows come as arrays (cheaper to decode).
      const arrays = { arrays: true };
      // Enums and domains by the name format_type() prints (qualified when not on the search path), as SQLAlchemy resolves them.
      const namedQ = first<[name: string, kind: string, labels: string[] | null, base: string | null]>(
        `SELECT CASE WHEN pg_type_is_visible(t.oid) THEN quote_ident(t.typname) ELSE quote_ident(n.nspname) || '.' || quote_ident(t.typname) END AS name,
                t.typtype AS kind,
                CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
                CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd')`,
        [],
        arrays,
        );
      const tablesQ = first<[relname: string, comment: string | null, partitions: string[] | null]>(
        `SELECT c.relname, ds.description AS comment,
                CASE WHEN c.relkind = 'p' THEN ARRAY(SELECT ch.relname FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid AND ch.relispartition ORDER BY ch.relname)::text[] END AS partitions
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
        [schema],
        arrays,
      );
      // The comments are joined, not read with col_description() (an SQL function called once per
      // column), and the rows are put in column order here: ORDER BY over 20,000 wide rows spilled to
      // disk with the default work_mem. Together they halved this query's server time (1,000 x 20 columns).
      // A default cannot name a column, so it is printed without its table (relid 0): given the
      // table, pg_get_expr opens it to name its columns, a third of this query's server time for
      // 3,000 defaults. A generated column's expression names columns and keeps its table.
      const colsQ = first<[tbl: string, attnum: number, name: string, fmt: string, notnull: boolean, dflt: string | null, identity: string, generated: string, comment: string | null]>(
        `SELECT c.relname AS tbl, a.attnum, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS fmt, a.attnotnull AS notnull,
                pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END) AS dflt, a.attidentity AS identity, a.attgenerated AS generated, ds.description AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
         LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
        [schema],
        arrays,
      );
      // Key columns come as attribute numbers, named from the columns query: a subquery per
      // constraint naming them was most of this query's time. Only a foreign key into a table the
      // columns query does not read (another schema, a partition) has its columns named here. Only a
      // CHECK's definition is printed.
      const consQ = first<[tbl: string, name: string, type: string, def: string | null, keys: number[], ftbl: string | null, fschema: string | null, fkeys: number[] | null, fnamed: string[] | null, del: string, upd: string]>(
        `SELECT c.relname AS tbl, con.conname AS name, con.contype AS type, CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) END AS def,
                con.conkey AS keys, fc.relname AS ftbl, fn.nspname AS fschema, con.confkey AS fkeys,
                CASE WHEN fc.oid IS NOT NULL AND (fc.relnamespace <> c.relnamespace OR fc.relkind NOT IN ('r', 'p') OR fc.relispartition) THEN
                  ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i) END AS fnamed,
                con.confdeltype AS del, con.confupdtype AS upd
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
         WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY c.relname, con.conname`,
        [schema],
        arrays,
        );
      const idxQ = first<[tbl: string, name: string, unique: boolean, am: string | null, cols: string[]]>(
        `SELECT c.relname AS tbl, i.relname AS name, ix.indisunique AS unique, (SELECT amname FROM pg_am WHERE oid = i.relam) AS am,
                ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) AS cols
         FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
         ORDER BY c.relname, i.relname`,
        [schema],
        arrays,
        );
      // Each result is put together as soon as what it needs has arrived, while the server still
      // works on the later queries (the columns while it reads constraints and indexes). A failure
      // of one query fails the run; every promise here is awaited, so no rejection goes unhandled.
      const stepped = <T extends { rows: unknown[] }>(q: Promise<T>, what: string) => q.then((r) => (step(`${r.rows.length} ${what}`), r));
      const built = Promise.all([stepped(namedQ, 'enum and domain types'), stepped(tablesQ, 'tables'), stepped(colsQ, 'columns')]).then(([named, tablesR, cols]) => {
        const tables = tableMap(schema, tablesR.rows.map((r) => r[0]), new Map(tablesR.rows.filter((r) => r[1]).map((r) => [r[0], r[1]!])));
        // Partitions are not tables of their own in the report: their parent names them.
        for (const r of tablesR.rows) if (r[2]?.length) tables.get(r[0])!.partitions = r[2];

        const namedTypes = new Map(named.rows.map((r) => [r[0], r]));
        // By the printed type: 20,000 columns have a few dozen.
        const namedOf = new Map<string, (typeof named.rows)[number] | null>();
        const attnames = new Map<string, string[]>();
        for (const [tbl, rows] of rowsByTable(cols.rows, (r) => r[0], (r) => r[1])) {
          const names: string[] = [];
          attnames.set(tbl, names);
          const t = tables.get(tbl);
          // Fields read by index: destructuring 20,000 rows went through the array iterator.
          for (const r of rows) {
            const attnum = r[1];
            const name = r[2];
            names[attnum] = name;
            if (!t) continue;
            const fmt = r[3];
            const dflt = r[5];
            const identity = r[6];
            const generated = r[7];
            const comment = r[8];
            let nt = namedOf.get(fmt);
            if (nt === undefined) namedOf.set(fmt, (nt = namedTypes.get(fmt.replace(/\(.*\)/, '').replace(/(\[\])+$/, '')) ?? null));
            const isSerial = dflt != null && dflt.startsWith("nextval('");
            // Optional fields assigned, not spread in (20,000 columns); the keys keep the same order.
            const c: IntrospectedColumn = { name, ordinal: t.columns.length + 1, nativeType: fmt, nullable: !r[4], default: generated ? null : dflt, autoincrement: isSerial || identity !== '' };
            if (identity === 'a') c.identity = 'always';
            else if (identity === 'd') c.identity = 'by-default';
            if (generated) {
              c.computed = dflt ?? '';
              c.computedKind = 'stored';
            }
            if (comment) c.comment = comment;
            if (nt?.[1] === 'e') {
              c.typeKind = 'enum';
              c.enumLabels = nt[2] ?? [];
            } else if (nt?.[1] === 'd') {
              c.typeKind = 'domain';
              c.domainBase = nt[3] ?? '';
            }
            t.columns.push(c);
          }
        }
        // Attribute numbers to names, keeping only those that name a column (as the join they replace did).
        const namesOf = (tbl: string | null, keys: number[] | null): string[] => {
          const names = tbl === null ? undefined : attnames.get(tbl);
          const out: string[] = [];
          if (names && keys) for (const k of keys) if (names[k] !== undefined) out.push(names[k]!);
          return out;
        };

        return { tables, namesOf };
      });
      const withConstraints = Promise.all([built, stepped(consQ, 'constraints')]).then(([{ tables, namesOf }, cons]) => {
        for (const r of cons.rows) {
          const [tbl, name, type, def, keys, ftbl, fschema, fkeys, fnamed, del, upd] = r;
          const t = tables.get(tbl);
          if (!t) continue;
          if (type === 'c') {
            t.checks.push({ name, sql: def! });
            continue;
          }
          const columns = namesOf(tbl, keys);
          if (type === 'p') t.primaryKey = columns;
          else if (type === 'u') t.uniques.push({ name, columns, unique: true });
          else
            t.foreignKeys.push({
              name,
              columns,
              refSchema: fschema === schema ? null : fschema,
              refTable: ftbl ?? '',
              refColumns: ftbl === null ? [] : (fnamed ?? namesOf(ftbl, fkeys)),
              ...(FK_ACTIONS[del] ? { onDelete: FK_ACTIONS[del] } : {}),
              ...(FK_ACTIONS[upd] ? { onUpdate: FK_ACTIONS[upd] } : {}),
            });
        }
      });
      const withIndexes = Promise.all([built, stepped(idxQ, 'indexes')]).then(([{ tables }, idx]) => {
        for (const [tbl, name, unique, am, icols] of idx.rows) tables.get(tbl)?.indexes.push({ name, columns: icols, unique, ...(am && am !== 'btree' ? { kind: am } : {}) });
      });
      const [{ tables }] = await Promise.all([built, withConstraints, withIndexes]);
      return { backend: 'postgresql', family: 'postgresql', serverVersion: `PostgreSQL ${head.version}`, schema, tables: [...tables.values()] } satisfies IntrospectedSchema;
    });
  },
};
