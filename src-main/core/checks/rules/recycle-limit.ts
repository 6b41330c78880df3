import type { Evidence } from '../../../shared/advice';
import { engineCall, outcome, own, patchFix, seconds, type RuleContext, type RuleOutcome } from '../rule';

/**
 * Shared by the MySQL wait_timeout rule and the PostgreSQL idle_session_timeout rule: a pool must
 * recycle a connection before the server closes it for being idle, with a margin (facts.md: at
 * most half of the server's limit).
 */
export function judgeRecycle(c: RuleContext, limitSeconds: number, limitEvidence: Evidence[], limitName: string, consequence: string): RuleOutcome {
  const r = c.profile.pool.recycle;
  const half = Math.floor(limitSeconds / 2);
  const evidence = [own('pool.recycle', r), ...limitEvidence];
  const fix = patchFix(
    `Set pool_recycle=${c.advice.poolRecycle.value} (${c.advice.poolRecycle.reason}).`,
    { pool: { recycle: c.advice.poolRecycle.value } },
    engineCall([c.advice.poolRecycle, c.advice.prePing.value ? c.advice.prePing : null]),
  );
  if (r <= 0) {
    return outcome('fail', `pool_recycle is off (${r}); the server closes connections idle for ${limitName}=${seconds(limitSeconds)}.`, consequence, evidence, fix);
  }
  if (r >= limitSeconds) {
    return outcome('fail', `pool_recycle=${r} s is not below ${limitName}=${seconds(limitSeconds)}: idle pooled connections are closed by the server first.`, consequence, evidence, fix);
  }
  if (r > half) {
    return outcome('warn', `pool_recycle=${r} s is below ${limitName}=${seconds(limitSeconds)} but above half of it (${half} s): little margin.`, `${consequence} Recycling at most at half the limit leaves room for clock drift and for time spent inside long transactions.`, evidence, fix);
  }
  return outcome('pass', `pool_recycle=${r} s is at most half of ${limitName}=${seconds(limitSeconds)}.`, consequence, evidence);
}
