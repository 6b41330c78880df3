import { factNumber } from '../../../shared/facts';
import { fact, outcome, type Rule } from '../rule';

const WHY =
  'idle_in_transaction_session_timeout ends a session that sits inside an open transaction for too long, and statement_timeout cancels long statements. Both are good server hygiene, but an async application that awaits something slow (an HTTP call, a queue) while its AsyncSession holds a transaction gets its connection terminated: the next statement fails, and pre_ping cannot help in the middle of a transaction.';

export const serverTimeoutsRule: Rule = {
  id: 'server-timeouts',
  title: 'Statement and idle-in-transaction limits',
  evaluate(c) {
    if (c.ctx.family !== 'postgresql') return null;
    const idleTx = factNumber(c.facts, 'idle_in_transaction_session_timeout');
    const stmt = factNumber(c.facts, 'statement_timeout');
    const evidence = [fact(c, 'idle_in_transaction_session_timeout'), fact(c, 'statement_timeout')];
    if (idleTx === undefined || stmt === undefined) return outcome('info', 'idle_in_transaction_session_timeout or statement_timeout could not be read.', WHY, evidence);
    const set: string[] = [];
    if (idleTx > 0) set.push(`idle_in_transaction_session_timeout=${idleTx} ms`);
    if (stmt > 0) set.push(`statement_timeout=${stmt} ms`);
    if (!set.length) return outcome('pass', 'No statement or idle-in-transaction limit on the server.', WHY, evidence);
    return outcome('info', `${set.join(', ')}: keep transactions short and never await other services inside one.`, WHY, evidence, {
      summary: 'Commit or roll back before awaiting anything outside the database; open the session (async with session.begin()) only around the queries.',
    });
  },
};
