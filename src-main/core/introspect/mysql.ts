import { identifyServer } from '../../shared/server-version';
import type { IntrospectedColumn, IntrospectedSchema } from '../../shared/typemap-model';
import { checkAborted, rowsByTable, tableMap, withSecondSession, type Introspector } from './types';

/**
 * MySQL / MariaDB from information_schema, one query per catalog view for the whole database
 * (tables, columns, keys and indexes, foreign key columns and rules, checks), over two sessions
 * when the caller can open a second one. COLUMN_TYPE is the text SHOW CREATE
 * TABLE prints, which is what SQLAlchemy's reflection parses.
 */
const SYSTEM = ['information_schema', 'mysql', 'performance_schema', 'sys'];
const STRING_TYPES = /^(var)?char|text$|^enum|^set/i;

export const mysqlIntrospector: Introspector = {
  async listSchemas(conn) {
    const { rows } = await conn.query<{ name: string }>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME');
    return rows.map((r) => r.name).filter((n) => !SYSTEM.includes(n.toLowerCase()));
  },

  async introspect(conn, opts) {
    const total = 6;
    let done = 0;
    const step = (msg: string) => {
      checkAborted(opts.signal);
      opts.onProgress?.(++done, total, msg);
    };
    return withSecondSession(conn, opts, async (first, second) => {
      const head = (await first<{ db: string | null; version: string }>('SELECT DATABASE() AS db, VERSION() AS version')).rows[0]!;
      const schema = opts.schema ?? head.db ?? '';
      const mariadb = identifyServer('mysql', head.version).product === 'mariadb';
      // Two sessions, each with about half of the server's work (the server opens every table for
      // each view): tables and columns here, keys, foreign keys and checks on the second. Rows come
      // as arrays (cheaper to decode).
      const arrays = { arrays: true };
      // Each table's own collation, read with the table list: joining TABLES into the columns query
      // made MariaDB open every table once per column (1,000 x 20 columns: 2.7 s instead of 0.2 s).
      const tablesQ = first<[name: string, comment: string, coll: string | null]>(
        "SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment, TABLE_COLLATION AS coll FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
        [schema],
        arrays,
      );
      // Put in column order here, not by ORDER BY (the order of the tables does not matter: each row goes to its table).
      const colsQ = first<[tbl: string, name: string, type: string, nullable: string, dflt: string | null, extra: string, comment: string, gen: string | null, coll: string | null, ordinal: number]>(
        `SELECT c.TABLE_NAME AS tbl, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS dflt, c.EXTRA AS extra,
                c.COLUMN_COMMENT AS comment, c.GENERATION_EXPRESSION AS gen, c.COLLATION_NAME AS coll, c.ORDINAL_POSITION AS ordinal
         FROM information_schema.COLUMNS c
         WHERE c.TABLE_SCHEMA = ?`,
        [schema],
        arrays,
      );
      const statsQ = second<[tbl: string, idx: string, nonUnique: number | string, seq: number, col: string | null, kind: string | null, sub: number | string | null]>(
        `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS col, INDEX_TYPE AS kind, SUB_PART AS sub
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
        [schema],
        arrays,
      );
      // Two queries joined here: joined in SQL, MariaDB scanned REFERENTIAL_CONSTRAINTS of every
      // database for each foreign key (no schema condition reaches the inner view), 120-140 ms for
      // 1,000 foreign keys against about 10 ms for the two views read apart.
      const fksQ = second<[tbl: string, name: string, col: string, rschema: string, rtbl: string, rcol: string]>(
        `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_SCHEMA AS rschema, REFERENCED_TABLE_NAME AS rtbl, REFERENCED_COLUMN_NAME AS rcol
         FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
        [schema],
        arrays,
      );
      const rulesQ = second<[tbl: string, name: string, del: string, upd: string]>(
        'SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, DELETE_RULE AS del, UPDATE_RULE AS upd FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
        [schema],
        arrays,
      );
      // MariaDB 10.2+ has CHECK_CONSTRAINTS.TABLE_NAME; MySQL 8.0.16+ needs TABLE_CONSTRAINTS for it.
      // Last on its session: a server without the view fails this query alone.
      const checksQ = second<[tbl: string, name: string, clause: string]>(
        mariadb
          ? 'SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?'
          : `SELECT tc.TABLE_NAME AS tbl, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS cc
             JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
             WHERE cc.CONSTRAINT_SCHEMA = ?`,
        [schema],
        arrays,
      );
      // Each result is put together as soon as what it needs has arrived: the columns while the
      // second session still reads keys and checks. A failure of one query fails the run; every
      // promise here is awaited, so no rejection goes unhandled.
      const stepped = <T extends { rows: unknown[] }>(q: Promise<T>, what: string) => q.then((r) => (step(`${r.rows.length} ${what}`), r));
      const noChecks = { rows: [] as Array<[tbl: string, name: string, clause: string]>, rowCount: 0 };
      const built = Promise.all([stepped(tablesQ, 'tables'), stepped(colsQ, 'columns')]).then(([tablesR, cols]) => {
        const tableCollation = new Map(tablesR.rows.map((r) => [r[0], r[2]]));
        const tables = tableMap(schema, tablesR.rows.map((r) => r[0]), new Map(tablesR.rows.filter((r) => r[1]).map((r) => [r[0], r[1]])));
        for (const [tbl, rows] of rowsByTable(cols.rows, (r) => r[0], (r) => Number(r[9]))) {
          const t = tables.get(tbl);
          if (!t) continue;
          const tcoll = tableCollation.get(tbl) ?? null;
          for (const [, name, type, nullable, dflt, extra, comment, gen, coll] of rows) {
            // EXTRA is empty for most columns: no pattern to try then.
            const generated = extra !== '' && (/\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.test(extra) || /^(VIRTUAL|STORED|PERSISTENT)$/i.test(extra));
            const onUpdate = extra === '' ? null : /\bon update (current_timestamp(\(\d*\))?)/i.exec(extra);
            // Optional fields assigned, not spread in (20,000 columns); the keys keep the same order.
            const c: IntrospectedColumn = { name, ordinal: t.columns.length + 1, nativeType: type, nullable: nullable === 'YES', default: mysqlDefault(dflt, type, extra, mariadb), autoincrement: extra !== '' && /auto_increment/i.test(extra) };
            if (generated && gen) {
              c.computed = gen;
              c.computedKind = /STORED|PERSISTENT/i.test(extra) ? 'stored' : 'virtual';
            }
            if (onUpdate) c.onUpdate = onUpdate[1]!.toUpperCase();
            if (comment) c.comment = comment;
            // Only a collation other than the table's is the column's own (SHOW CREATE TABLE, and so SQLAlchemy's reflection, names only those).
            if (coll && tcoll && coll !== tcoll) c.collation = coll;
            t.columns.push(c);
          }
        }
        return tables;
      });
      const withKeys = Promise.all([built, stepped(statsQ, 'index columns'), stepped(fksQ, 'foreign key columns'), stepped(rulesQ, 'foreign key rules')]).then(([tables, stats, fks, rules]) => {
        const byIndex = new Map<string, { tbl: string; name: string; unique: boolean; columns: string[]; kind: string; prefixes: Array<number | null> }>();
        for (const [tbl, idx, nonUnique, , col, kind, sub] of stats.rows) {
          const key = `${tbl}\u0000${idx}`;
          let i = byIndex.get(key);
          if (!i) byIndex.set(key, (i = { tbl, name: idx, unique: Number(nonUnique) === 0, columns: [], kind: String(kind ?? 'BTREE').toUpperCase(), prefixes: [] }));
          i.columns.push(col ?? '(expression)');
          i.prefixes.push(sub == null ? null : Number(sub));
        }
        // FULLTEXT, SPATIAL and prefix lengths change what CREATE INDEX must say: kept only where present.
        const extra = (i: { kind: string; prefixes: Array<number | null> }) => ({
          ...(i.kind !== 'BTREE' ? { kind: i.kind } : {}),
          ...(i.prefixes.some((p) => p != null) ? { prefixes: i.prefixes } : {}),
        });

        const ruleOf = new Map(rules.rows.map((r) => [`${r[0]}\u0000${r[1]}`, r]));
        const fkByName = new Map<string, IntrospectedSchema['tables'][number]['foreignKeys'][number]>();
        for (const [tbl, name, col, rschema, rtbl, rcol] of fks.rows) {
          const key = `${tbl}\u0000${name}`;
          // The join this replaces kept only key columns with a rule (a foreign key's).
          const rule = ruleOf.get(key);
          if (!rule) continue;
          const [, , del, upd] = rule;
          let fk = fkByName.get(key);
          if (!fk) {
            fk = { name, columns: [], refSchema: rschema === schema ? null : rschema, refTable: rtbl, refColumns: [], ...(del !== 'RESTRICT' && del !== 'NO ACTION' ? { onDelete: del } : {}), ...(upd !== 'RESTRICT' && upd !== 'NO ACTION' ? { onUpdate: upd } : {}) };
            fkByName.set(key, fk);
            tables.get(tbl)?.foreignKeys.push(fk);
          }
          fk.columns.push(col);
          fk.refColumns.push(rcol);
        }
        const fkNames = new Set(fkByName.keys());
        for (const [key, i] of byIndex) {
          const t = tables.get(i.tbl);
          if (!t) continue;
          if (i.name === 'PRIMARY') t.primaryKey = i.columns;
          else if (i.unique) t.uniques.push({ name: i.name, columns: i.columns, unique: true, ...extra(i) });
          // InnoDB creates an index for each foreign key under the constraint's name; it is not the user's index.
          else if (!fkNames.has(key)) t.indexes.push({ name: i.name, columns: i.columns, unique: false, ...extra(i) });
        }
      });
      const withChecks = Promise.all([built, stepped(checksQ.catch(() => noChecks), 'checks')]).then(([tables, checks]) => {
        for (const [tbl, name, clause] of checks.rows) tables.get(tbl)?.checks.push({ name, sql: clause });
      });
      const [tables] = await Promise.all([built, withKeys, withChecks]);
      return { backend: mariadb ? 'mariadb' : 'mysql', family: 'mysql', serverVersion: `${mariadb ? 'MariaDB' : 'MySQL'} ${head.version}`, schema, tables: [...tables.values()] } satisfies IntrospectedSchema;
    });
  },
};

/**
 * COLUMN_DEFAULT as an SQL expression. MariaDB 10.2.7+ already quotes literals and reports NULL as
 * the word NULL; MySQL reports bare values and flags expressions with DEFAULT_GENERATED.
 */
function mysqlDefault(value: string | null, type: string, extra: string, mariadb: boolean): string | null {
  if (value === null) return null;
  if (mariadb) return value === 'NULL' ? null : value;
  if (/DEFAULT_GENERATED/i.test(extra) || !STRING_TYPES.test(type)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}
