import { factNumber } from '../../../shared/facts';
import { engineCall, fact, outcome, own, patchFix, type Rule } from '../rule';
import { judgeRecycle } from './recycle-limit';

const WHY =
  'MySQL and MariaDB close a session that has been idle for wait_timeout seconds. A pooled connection the server already closed fails on its next use: "MySQL server has gone away" (2006), "Lost connection to MySQL server during query" (2013), or error 4031 on MySQL 8.0.28+.';

export const waitTimeoutRule: Rule = {
  id: 'wait-timeout',
  title: 'pool_recycle against wait_timeout',
  evaluate(c) {
    if (c.ctx.family !== 'mysql') return null;
    if (c.pool === 'null') return outcome('pass', 'NullPool keeps no idle connections, so wait_timeout cannot close one under it.', WHY, [own('pool.poolClass', c.profile.pool.poolClass)]);
    const w = factNumber(c.facts, 'wait_timeout');
    if (w === undefined) {
      return outcome('warn', `wait_timeout could not be read (${c.facts.facts.wait_timeout?.unknown ?? 'not collected'}).`, WHY, [fact(c, 'wait_timeout'), own('pool.recycle', c.profile.pool.recycle)], patchFix(`Set pool_recycle=${c.advice.poolRecycle.value} (${c.advice.poolRecycle.reason}).`, { pool: { recycle: c.advice.poolRecycle.value } }, engineCall([c.advice.poolRecycle])));
    }
    return judgeRecycle(c, w, [fact(c, 'wait_timeout'), fact(c, 'interactive_timeout')], 'wait_timeout', WHY);
  },
};
