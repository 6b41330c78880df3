import type { Recommendation } from '../../shared/advice';
import { SEVERITY_RANK, type CheckChange, type CheckResult } from '../../shared/checks';
import type { ServerFacts } from '../../shared/facts';
import type { ProfileData } from '../../shared/profile';
import { adviceContext } from '../advice/context';
import { recommend } from '../advice/recommend';
import { profilePool, type Rule } from './rule';
import { RULES } from './rules';

/**
 * Runs every rule that applies against the profile and the measured facts. Pure: the same inputs
 * always give the same results, which is what the unit tests and "re-evaluate after a fix" rely on.
 */
export function evaluateChecks(profile: ProfileData, facts: ServerFacts, rules: Rule[] = RULES): { checks: CheckResult[]; advice: Recommendation } {
  const advice = recommend(profile, facts);
  const ctx = adviceContext(profile, facts);
  const c = { profile, facts, advice, ctx, pool: profilePool({ profile, ctx }) };
  const checks: CheckResult[] = [];
  rules.forEach((rule) => {
    const result = rule.evaluate(c);
    if (result) checks.push({ id: rule.id, title: rule.title, ...result });
  });
  const order = new Map(rules.map((r, i) => [r.id, i]));
  checks.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || order.get(a.id)! - order.get(b.id)!);
  return { checks, advice };
}

/** What changed since the previous run: new, gone, or a different severity. */
export function diffChecks(previous: CheckResult[] | null, next: CheckResult[]): CheckChange[] {
  if (!previous) return [];
  const before = new Map(previous.map((c) => [c.id, c]));
  const changes: CheckChange[] = [];
  for (const c of next) {
    const old = before.get(c.id);
    if (!old) changes.push({ id: c.id, title: c.title, from: null, to: c.severity });
    else if (old.severity !== c.severity) changes.push({ id: c.id, title: c.title, from: old.severity, to: c.severity });
    before.delete(c.id);
  }
  for (const gone of before.values()) changes.push({ id: gone.id, title: gone.title, from: gone.severity, to: null });
  return changes;
}
