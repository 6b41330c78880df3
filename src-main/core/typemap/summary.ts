import { mysqlRowSize, rowSizeIssue, type ColumnBytes } from './mysql-row-size';
import { TARGETS, type BlockerRef, type ColumnMapping, type SchemaSummary, type TableSummary, type Target, type TargetSummary } from '../../shared/typemap-model';

/** Per table and per schema: can this run on each target, how many lossy and blocking columns, and which. */

const emptyTarget = (target: Target): TargetSummary => ({ target, runs: true, portable: 0, lossy: 0, unsupported: 0, tableBlockers: 0 });

/** A literal in TARGETS order (Object.fromEntries, once per table, gave slower objects for the per-column counting). */
function emptyTargets(): Record<Target, TargetSummary> {
  return { postgresql: emptyTarget('postgresql'), mysql: emptyTarget('mysql'), sqlite: emptyTarget('sqlite') };
}

/**
 * `modelBlockers`: tables the portable models cannot create on a target although each column's own
 * verdict allows it (models.ts modelBlockers): the "runs" claim and the exported file follow one rule.
 */
export function summarize(columns: ColumnMapping[], modelBlockers: BlockerRef[] = []): { tables: TableSummary[]; schema: SchemaSummary } {
  const byTable = new Map<string, TableSummary>();
  const columnsOf = new Map<string, ColumnMapping[]>();
  const schemaTargets = emptyTargets();
  const issues: BlockerRef[] = [];
  for (const c of columns) {
    let table = byTable.get(c.table);
    let cols = columnsOf.get(c.table);
    if (!table || !cols) {
      byTable.set(c.table, (table = { table: c.table, columns: 0, targets: emptyTargets() }));
      columnsOf.set(c.table, (cols = []));
    }
    cols.push(c);
    table.columns++;
    for (const t of TARGETS) {
      const v = c.verdicts[t];
      const ts = table.targets[t];
      const ss = schemaTargets[t];
      ts[v.level]++;
      ss[v.level]++;
      if (v.level === 'unsupported') ts.runs = ss.runs = false;
      if (v.level !== 'portable') {
        const issue: BlockerRef = { table: c.table, column: c.column, target: t, level: v.level, lost: v.lost, detail: v.detail };
        if (v.fix) issue.fix = v.fix;
        issues.push(issue);
      }
    }
  }
  // A table whose columns each work on MySQL can still be refused as a whole: its row is too large.
  const bytesOf = new Map<string, ColumnBytes | null>();
  for (const [name, table] of byTable) {
    const cols = columnsOf.get(name)!;
    if (!table.targets.mysql.runs || cols.some((c) => !c.ddl.mysql.ok)) continue;
    const size = mysqlRowSize(
      cols.map((c) => ({ ddl: (c.ddl.mysql as { ddl: string }).ddl, nullable: c.nullable })),
      cols.some((c) => c.primaryKey),
      bytesOf,
    );
    const issue = size && rowSizeIssue(size);
    if (!issue) continue;
    for (const s of [table.targets.mysql, schemaTargets.mysql]) {
      s.runs = false;
      s.tableBlockers++;
    }
    issues.push({ table: name, column: '', scope: 'table', target: 'mysql', level: 'unsupported', lost: ['row size'], detail: issue.detail, fix: issue.fix });
  }
  for (const b of modelBlockers) {
    const table = byTable.get(b.table);
    if (!table) continue;
    const already = !table.targets[b.target].runs;
    for (const s of [table.targets[b.target], schemaTargets[b.target]]) {
      s.runs = false;
      if (!already) s.tableBlockers++;
    }
    if (!already) issues.push(b);
  }
  return {
    tables: [...byTable.values()],
    schema: { tables: byTable.size, columns: columns.length, targets: schemaTargets, issues },
  };
}
