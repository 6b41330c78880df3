import { factBoolean, factNumber } from '../../../shared/facts';
import { fact, outcome, own, type Rule } from '../rule';
import { judgeRecycle } from './recycle-limit';

const WHY =
  'PostgreSQL 14+ ends sessions idle longer than idle_session_timeout, and PgBouncer drops clients idle longer than client_idle_timeout. A pooled connection closed that way fails on its next use unless the pool recycles it first (or pre_ping catches it, at the cost of a round trip).';

export const idleSessionTimeoutRule: Rule = {
  id: 'idle-session-timeout',
  title: 'pool_recycle against idle_session_timeout',
  evaluate(c) {
    if (c.ctx.family !== 'postgresql') return null;
    const evidence = [fact(c, 'idle_session_timeout')];
    if (c.pool === 'null') return outcome('pass', 'NullPool keeps no idle connections, so no idle timeout can close one under it.', WHY, [own('pool.poolClass', c.profile.pool.poolClass), ...evidence]);
    const limits: Array<{ s: number; name: string }> = [];
    const idle = factNumber(c.facts, 'idle_session_timeout');
    if (idle !== undefined && idle > 0) limits.push({ s: Math.floor(idle / 1000), name: 'idle_session_timeout' });
    const client = factNumber(c.facts, 'pooler.client_idle_timeout');
    if (factBoolean(c.facts, 'pooler.present')) {
      evidence.push(fact(c, 'pooler.client_idle_timeout'));
      if (client !== undefined && client > 0) limits.push({ s: client, name: 'PgBouncer client_idle_timeout' });
    }
    if (limits.length) {
      const tightest = limits.reduce((a, b) => (b.s < a.s ? b : a));
      return judgeRecycle(c, tightest.s, evidence, tightest.name, WHY);
    }
    if (idle === undefined) return outcome('info', `idle_session_timeout could not be read (${c.facts.facts.idle_session_timeout?.unknown ?? 'not collected'}).`, WHY, evidence);
    return outcome('pass', 'idle_session_timeout is off (0): the server keeps idle sessions open.', WHY, evidence);
  },
};
