import type { BackendFamily } from '@shared/backends';
import { TARGET_LABELS, type Target, type TargetSummary } from '@shared/typemap-model';

/**
 * The question each summary card answers, and its answer. A target of the database's own kind is
 * no move at all: the card then asks what SQLAlchemy's types keep on it, not whether it "can run"
 * there (the demo is SQLite; "Can it run on SQLite in tests? Yes, with losses" read as nonsense).
 */
export function summaryQuestion(target: Target, source: BackendFamily): string {
  if (target === source) return `It is ${TARGET_LABELS[target]}: what do SQLAlchemy's types keep?`;
  if (target === 'sqlite') return 'Can it run on SQLite in tests?';
  return `Can it run on ${TARGET_LABELS[target]}?`;
}

const columns = (n: number) => `${n} column${n === 1 ? '' : 's'}`;

export function summaryAnswer(target: Target, source: BackendFamily, s: TargetSummary): string {
  if (target === source) {
    if (!s.runs) return `${columns(s.unsupported + s.tableBlockers)} cannot be created`;
    return s.lossy ? `All but ${columns(s.lossy)}` : 'Everything';
  }
  return !s.runs ? 'No' : s.lossy ? 'Yes, with losses' : 'Yes';
}
