import { TARGETS, type ColumnMapping, type VerdictLevel } from '@shared/typemap-model';
import type { TypesFilter } from '../../store/types-slice';

const RANK: Record<VerdictLevel, number> = { portable: 0, lossy: 1, unsupported: 2 };

/** The worst verdict over the targets: the grid's "any target" view. */
export function worstVerdict(c: ColumnMapping): VerdictLevel {
  let worst: VerdictLevel = 'portable';
  for (const t of TARGETS) if (RANK[c.verdicts[t].level] > RANK[worst]) worst = c.verdicts[t].level;
  return worst;
}

/** Lower-cased text a search matches against, built once per report (20,000 columns stay instant). */
export function searchIndex(columns: ColumnMapping[]): string[] {
  return columns.map((c) => `${c.table}.${c.column} ${c.nativeType} ${c.generic} ${c.reflected}`.toLowerCase());
}

/** Indices of the columns that pass the filter, in report order. Linear in the number of columns. */
export function filterColumns(columns: ColumnMapping[], index: string[], f: TypesFilter): number[] {
  const needle = f.search.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (f.table !== null && c.table !== f.table) continue;
    if (f.verdict !== 'all') {
      const level = f.target === 'any' ? worstVerdict(c) : c.verdicts[f.target].level;
      if (level !== f.verdict) continue;
    }
    if (needle && !index[i]!.includes(needle)) continue;
    out.push(i);
  }
  return out;
}
