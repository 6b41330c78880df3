import { TARGETS, type BlockerRef, type ColumnMapping, type SchemaSummary, type TableSummary, type Target, type TargetSummary } from '../../shared/typemap-model';

/** Per table and per schema: can this run on each target, how many lossy and blocking columns, and which. */

function emptyTargets(): Record<Target, TargetSummary> {
  return Object.fromEntries(TARGETS.map((t) => [t, { target: t, runs: true, portable: 0, lossy: 0, unsupported: 0 }])) as Record<Target, TargetSummary>;
}

export function summarize(columns: ColumnMapping[]): { tables: TableSummary[]; schema: SchemaSummary } {
  const byTable = new Map<string, TableSummary>();
  const schemaTargets = emptyTargets();
  const issues: BlockerRef[] = [];
  for (const c of columns) {
    let table = byTable.get(c.table);
    if (!table) byTable.set(c.table, (table = { table: c.table, columns: 0, targets: emptyTargets() }));
    table.columns++;
    for (const t of TARGETS) {
      const v = c.verdicts[t];
      for (const s of [table.targets[t], schemaTargets[t]]) {
        s[v.level]++;
        if (v.level === 'unsupported') s.runs = false;
      }
      if (v.level !== 'portable') issues.push({ table: c.table, column: c.column, target: t, level: v.level, lost: v.lost, detail: v.detail, ...(v.fix ? { fix: v.fix } : {}) });
    }
  }
  return {
    tables: [...byTable.values()],
    schema: { tables: byTable.size, columns: columns.length, targets: schemaTargets, issues },
  };
}
