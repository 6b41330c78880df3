import { evidenceText, pythonLiteral, type AdvisedSetting, type Evidence } from '../../shared/advice';
import type { FactName, FactValue, ServerFacts } from '../../shared/facts';

/** Evidence for one server fact, with the product, version and time it was measured. */
export function factEvidence(facts: ServerFacts | null, name: FactName): Evidence {
  const f = facts?.facts[name];
  if (!facts || !f) return { name, value: null, origin: 'server', unknown: facts ? 'not collected' : 'the server has not been checked yet' };
  return {
    name,
    value: f.value,
    origin: f.measured ? 'server' : 'default',
    product: facts.product,
    ...(facts.version ? { version: facts.version } : {}),
    measuredAt: facts.measuredAt,
    ...(f.unknown ? { unknown: f.unknown } : {}),
  };
}

export function profileEvidence(name: string, value: FactValue | null): Evidence {
  return { name, value, origin: 'profile' };
}

/** `wait_timeout=1800 measured on mariadb 10.11.19 on 2026-11-24`, for composing reasons. */
export const cite = evidenceText;

export function setting<T extends string | number | boolean | null>(
  key: string,
  value: T,
  opts: { reason: string; evidence?: Evidence[]; origin: AdvisedSetting<T>['origin']; current: T; python?: string },
): AdvisedSetting<T> {
  return {
    key,
    value,
    python: opts.python ?? pythonLiteral(value),
    reason: opts.reason,
    evidence: opts.evidence ?? [],
    origin: opts.origin,
    changed: value !== opts.current,
  };
}
