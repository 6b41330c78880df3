import type { BlockerRef, ColumnMapping, Target, TypesReport } from '../../shared/typemap-model';

/**
 * `poolscope types --json`: the report with each distinct column type written once. A schema of
 * 20,000 columns has a few dozen distinct answers (native type, SQLAlchemy types, DDL and verdict
 * per target); printing them in every column, and again in every issue, made 31 MB of JSON. Here a
 * column names its entry in `types`, and a column's issue names the same entry instead of repeating
 * its detail and fix. `expandTypesJson` turns it back into the full report (tests, and scripts that
 * want the old shape).
 */
export type TypeEntry = Omit<ColumnMapping, 'table' | 'column' | 'ordinal' | 'nullable' | 'default' | 'autoincrement' | 'primaryKey'>;

export interface JsonColumn {
  table: string;
  column: string;
  ordinal: number;
  nullable: boolean;
  default: string | null;
  autoincrement: boolean;
  primaryKey: boolean;
  /** Index into `types`. */
  type: number;
}

/** A column's issue: its level and losses; the detail and fix are `types[type].verdicts[target]`. */
export interface JsonColumnIssue {
  table: string;
  column: string;
  target: Target;
  level: BlockerRef['level'];
  lost: string[];
  type: number;
}

export interface TypesJson extends Omit<TypesReport, 'columns' | 'summary'> {
  types: TypeEntry[];
  columns: JsonColumn[];
  summary: Omit<TypesReport['summary'], 'issues'> & { issues: Array<JsonColumnIssue | BlockerRef> };
}

function entryOf(c: ColumnMapping): TypeEntry {
  const { table: _t, column: _c, ordinal: _o, nullable: _n, default: _d, autoincrement: _a, primaryKey: _p, ...entry } = c;
  return entry;
}

export function compactTypesJson(report: TypesReport): TypesJson {
  const types: TypeEntry[] = [];
  // Columns of one cached type share their verdicts object: content is compared once per object.
  const byObject = new Map<object, number>();
  const byContent = new Map<string, number>();
  const indexOf = (c: ColumnMapping): number => {
    const known = byObject.get(c.verdicts);
    if (known !== undefined && sameEntry(types[known]!, c)) return known;
    const entry = entryOf(c);
    const text = JSON.stringify(entry);
    let i = byContent.get(text);
    if (i === undefined) {
      i = types.length;
      types.push(entry);
      byContent.set(text, i);
    }
    if (known === undefined) byObject.set(c.verdicts, i);
    return i;
  };
  const typeOfColumn = new Map<string, number>();
  const columns = report.columns.map((c): JsonColumn => {
    const type = indexOf(c);
    typeOfColumn.set(`${c.table}\u0000${c.column}`, type);
    return { table: c.table, column: c.column, ordinal: c.ordinal, nullable: c.nullable, default: c.default, autoincrement: c.autoincrement, primaryKey: c.primaryKey, type };
  });
  const issues = report.summary.issues.map((i): JsonColumnIssue | BlockerRef => {
    const type = i.scope === 'table' ? undefined : typeOfColumn.get(`${i.table}\u0000${i.column}`);
    if (type === undefined) return i;
    const v = types[type]!.verdicts[i.target];
    // Written in short only when the entry says exactly the same (it always does for a column's own verdict).
    if (!v || v.level !== i.level || v.detail !== i.detail || v.fix !== i.fix || v.lost.join('\u0000') !== i.lost.join('\u0000')) return i;
    return { table: i.table, column: i.column, target: i.target, level: i.level, lost: i.lost, type };
  });
  const { columns: _columns, summary, ...rest } = report;
  return { ...rest, types, columns, summary: { ...summary, issues } };
}

/** Identity of the shared parts, for columns whose verdicts object is the same one. */
function sameEntry(e: TypeEntry, c: ColumnMapping): boolean {
  return e.verdicts === c.verdicts && e.ddl === c.ddl && e.notes === c.notes && e.nativeType === c.nativeType && e.affinity === c.affinity && e.reflected === c.reflected && e.generic === c.generic && e.genericModule === c.genericModule && e.portable === c.portable;
}

/** Only one target's DDL, verdicts and summaries (`--target`). */
export function narrowTypesJson(json: TypesJson, target: Target): TypesJson {
  return {
    ...json,
    types: json.types.map((t) => ({ ...t, ddl: { [target]: t.ddl[target] } as TypeEntry['ddl'], verdicts: { [target]: t.verdicts[target] } as TypeEntry['verdicts'] })),
    summary: { ...json.summary, targets: { [target]: json.summary.targets[target] } as TypesJson['summary']['targets'], issues: json.summary.issues.filter((i) => i.target === target) },
    tableSummaries: json.tableSummaries.map((t) => ({ ...t, targets: { [target]: t.targets[target] } as typeof t.targets })),
  };
}

/** The full report again: every column with its type written out, every issue with its detail and fix. */
export function expandTypesJson(json: TypesJson): Omit<TypesReport, 'columns' | 'summary'> & { columns: ColumnMapping[]; summary: TypesReport['summary'] } {
  const { types, columns, summary, ...rest } = json;
  return {
    ...rest,
    columns: columns.map((c) => {
      const { type, ...own } = c;
      return { ...own, ...types[type]! };
    }),
    summary: {
      ...summary,
      issues: summary.issues.map((i) => {
        if (!('type' in i)) return i;
        const v = types[i.type]!.verdicts[i.target];
        return { table: i.table, column: i.column, target: i.target, level: i.level, lost: i.lost, detail: v.detail, ...(v.fix ? { fix: v.fix } : {}) };
      }),
    },
  };
}

/**
 * Indented like every other --json, except that each column and each issue is one line: 20,000
 * columns indented field by field were two thirds of the output.
 */
export function printTypesJson(json: TypesJson): string {
  const COLUMNS = '\u0000columns';
  const ISSUES = '\u0000issues';
  const text = JSON.stringify({ ...json, columns: COLUMNS, summary: { ...json.summary, issues: ISSUES } }, null, 2);
  const rows = (items: unknown[], indent: string) => (items.length ? `[\n${items.map((i) => indent + JSON.stringify(i)).join(',\n')}\n${indent.slice(2)}]` : '[]');
  // The placeholders can only appear as these two values: inside any other string the quotes would be escaped.
  return text
    .replace(`"columns": ${JSON.stringify(COLUMNS)}`, () => `"columns": ${rows(json.columns, '    ')}`)
    .replace(`"issues": ${JSON.stringify(ISSUES)}`, () => `"issues": ${rows(json.summary.issues, '      ')}`);
}
