import type { ServerFacts } from './facts';
import type { Evidence, ProfilePatch, Recommendation } from './advice';

/** Check results as the API, the CLI and the UI see them. The rules live in core/checks/rules. */

export const SEVERITIES = ['fail', 'warn', 'info', 'pass'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Worst first: the order results are listed in, and how "worse" is decided. */
export const SEVERITY_RANK: Record<Severity, number> = { fail: 0, warn: 1, info: 2, pass: 3 };

export interface CheckFix {
  /** What to change, in one sentence. */
  summary: string;
  /** The settings change, machine-readable: the UI's "Apply fix" merges it into the saved profile. */
  patch?: ProfilePatch;
  /** Python to paste into the engine set-up. */
  python?: string;
  /** A server-side change (for the DBA), when the fix is not in the application. */
  sql?: string;
}

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  /** One line with the actual values. */
  summary: string;
  evidence: Evidence[];
  /** Why it matters, in plain words. */
  why: string;
  fix?: CheckFix;
}

export interface CheckChange {
  id: string;
  title: string;
  /** null: the check did not run last time. */
  from: Severity | null;
  /** null: the check no longer applies. */
  to: Severity | null;
}

export type SeverityCounts = Record<Severity, number>;

export interface CheckRun {
  /** The saved connection, when the run was for one. */
  connectionId?: string;
  label: string;
  ranAt: string;
  durationMs: number;
  /** True when the checks were re-evaluated against the last measured facts without reconnecting. */
  reevaluated: boolean;
  facts: ServerFacts;
  checks: CheckResult[];
  advice: Recommendation;
  counts: SeverityCounts;
  /** Differences from the previous run of this connection; empty on the first run. */
  changes: CheckChange[];
  previousRanAt?: string;
}

export function countSeverities(checks: Pick<CheckResult, 'severity'>[]): SeverityCounts {
  const counts: SeverityCounts = { fail: 0, warn: 0, info: 0, pass: 0 };
  for (const c of checks) counts[c.severity]++;
  return counts;
}

export function worstSeverity(checks: Pick<CheckResult, 'severity'>[]): Severity {
  let worst: Severity = 'pass';
  for (const c of checks) if (SEVERITY_RANK[c.severity] < SEVERITY_RANK[worst]) worst = c.severity;
  return worst;
}

export const SEVERITY_LABELS: Record<Severity, string> = { fail: 'Fail', warn: 'Warn', info: 'Info', pass: 'Pass' };
