import type { VerifyComparisonRow, VerifySideDto, VerifyVerdict } from '../../shared/verify-types';

/**
 * Tolerances. Counts that follow from timing (how many requests fit in the duration) may differ
 * by a quarter: Python's event loop and Node's are not equally fast. Error counts may differ by
 * half: which waiter times out depends on when each connection comes back, to the millisecond
 * (measured: 30 and 22 timeouts for the same 2 s run). A count that is zero on one side and not on
 * the other is always a difference: that is a behaviour, not a speed. Waits may differ by 25 ms
 * or 35%, whichever is larger; the slowest waits include connecting, which is timing too.
 * Beyond its tolerance a timing measure is flagged `timing`; only behaviour is `differs`.
 */
export const TOLERANCE = { countRel: 0.25, errorRel: 0.5, countAbs: 2, waitRel: 0.35, waitAbsMs: 25, peakAbs: 1 } as const;

function countVerdict(a: number, b: number, rel: number = TOLERANCE.countRel): VerifyVerdict {
  if (a === b) return 'same';
  if ((a === 0) !== (b === 0)) return 'differs';
  return Math.abs(a - b) <= Math.max(TOLERANCE.countAbs, rel * Math.max(a, b)) ? 'within' : 'timing';
}

function waitVerdict(a: number, b: number): VerifyVerdict {
  const d = Math.abs(a - b);
  if (d < 1) return 'same';
  return d <= Math.max(TOLERANCE.waitAbsMs, TOLERANCE.waitRel * Math.max(a, b)) ? 'within' : 'timing';
}

function peakVerdict(a: number, b: number): VerifyVerdict {
  if (a === b) return 'same';
  return Math.abs(a - b) <= TOLERANCE.peakAbs ? 'within' : 'differs';
}

const COUNT_TOL = `exact when one side is 0, else ±${TOLERANCE.countRel * 100}% or ±${TOLERANCE.countAbs}`;
const ERROR_TOL = `exact when one side is 0, else ±${TOLERANCE.errorRel * 100}% or ±${TOLERANCE.countAbs}`;
const WAIT_TOL = `±${TOLERANCE.waitAbsMs} ms or ±${TOLERANCE.waitRel * 100}%`;

/** The real run beside Poolscope's, row by row, each with its verdict. */
export function compareSides(py: VerifySideDto, ps: VerifySideDto): VerifyComparisonRow[] {
  const rows: VerifyComparisonRow[] = [];
  const count = (key: string, label: string, a: number, b: number, errors = false) =>
    rows.push({ key, label, python: a, poolscope: b, verdict: countVerdict(a, b, errors ? TOLERANCE.errorRel : TOLERANCE.countRel), tolerance: errors ? ERROR_TOL : COUNT_TOL });
  count('checkouts', 'Checkouts', py.checkouts, ps.checkouts);
  count('completed', 'Requests completed', py.completed, ps.completed);
  count('errors', 'Errors (all kinds)', py.errors, ps.errors, true);
  const kinds = [...new Set(['pool timeout', ...Object.keys(py.errorsByKind), ...Object.keys(ps.errorsByKind)])].sort((a, b) => (a === 'pool timeout' ? -1 : b === 'pool timeout' ? 1 : a.localeCompare(b)));
  for (const k of kinds) count(`errors.${k}`, k === 'pool timeout' ? 'Pool timeouts' : `Errors: ${k}`, py.errorsByKind[k] ?? 0, ps.errorsByKind[k] ?? 0, true);
  rows.push({ key: 'peakCheckedOut', label: 'Peak checked out', python: py.peakCheckedOut, poolscope: ps.peakCheckedOut, verdict: peakVerdict(py.peakCheckedOut, ps.peakCheckedOut), tolerance: `±${TOLERANCE.peakAbs}` });
  for (const [key, label] of [['p50', 'Checkout wait p50 (ms)'], ['p99', 'Checkout wait p99 (ms)']] as const) {
    const a = round(py.wait[key]);
    const b = round(ps.wait[key]);
    rows.push({ key: `wait.${key}`, label, python: a, poolscope: b, verdict: waitVerdict(a, b), tolerance: WAIT_TOL });
  }
  return rows;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
