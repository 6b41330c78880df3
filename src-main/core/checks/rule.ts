import type { AdvisedSetting, Evidence, ProfilePatch, Recommendation } from '../../shared/advice';
import { isEmptyPatch } from '../../shared/advice';
import type { CheckFix, CheckResult, Severity } from '../../shared/checks';
import type { FactName, ServerFacts } from '../../shared/facts';
import type { ProfileData } from '../../shared/profile';
import type { AdviceContext } from '../advice/context';
import { effectivePool } from '../advice/pool';
import { factEvidence, profileEvidence } from '../advice/evidence';

/** What every rule sees: the profile, the measured facts and the one recommendation made from them. */
export interface RuleContext {
  profile: ProfileData;
  facts: ServerFacts;
  advice: Recommendation;
  ctx: AdviceContext;
  /** The pool SQLAlchemy will actually build with the profile's settings. */
  pool: 'queue' | 'null' | 'static';
}

export type RuleOutcome = Omit<CheckResult, 'id' | 'title'>;

export interface Rule {
  id: string;
  title: string;
  /** null when the rule does not apply to this connection (a MySQL rule on PostgreSQL). */
  evaluate(c: RuleContext): RuleOutcome | null;
}

export function profilePool(c: Pick<RuleContext, 'profile' | 'ctx'>): 'queue' | 'null' | 'static' {
  const cls = c.profile.pool.poolClass;
  return effectivePool(cls === 'QueuePool' ? 'AsyncAdaptedQueuePool' : cls, c.ctx.kind.kind === 'sqlite-memory');
}

export const fact = (c: RuleContext, name: FactName): Evidence => factEvidence(c.facts, name);
export const own = (name: string, value: string | number | boolean | null): Evidence => profileEvidence(name, value);

export function outcome(severity: Severity, summary: string, why: string, evidence: Evidence[], fix?: CheckFix): RuleOutcome {
  return { severity, summary, why, evidence, ...(fix ? { fix } : {}) };
}

/** `create_async_engine(url, pool_recycle=900, pool_pre_ping=True)` for the settings a fix changes. */
export function engineCall(settings: Array<AdvisedSetting<unknown> | null>, extra: string[] = []): string {
  const args = settings.filter((s): s is AdvisedSetting<unknown> => s !== null).map((s) => `    ${s.key}=${s.python},`);
  return ['engine = create_async_engine(', '    DATABASE_URL,', ...args, ...extra.map((e) => `    ${e},`), ')'].join('\n');
}

/** A fix that changes saved settings; omitted patch fields mean "nothing to change there". */
export function patchFix(summary: string, patch: ProfilePatch, python?: string): CheckFix {
  return { summary, ...(isEmptyPatch(patch) ? {} : { patch }), ...(python ? { python } : {}) };
}

export function seconds(n: number): string {
  if (n >= 3600 && n % 3600 === 0) return `${n} s (${n / 3600} h)`;
  if (n >= 60 && n % 60 === 0) return `${n} s (${n / 60} min)`;
  return `${n} s`;
}
