import { factNumber } from '../../../shared/facts';
import { fact, outcome, type Rule } from '../rule';

const WHY =
  'Aborted_connects counts connection attempts that failed (wrong password, no privilege on the database, a handshake that timed out). MySQLTuner flags more than 3% of all Connections: a pool retrying with bad credentials, or clients cut off by connect_timeout, look like this.';

export const abortedConnectsRule: Rule = {
  id: 'aborted-connects',
  title: 'Failed connection attempts',
  evaluate(c) {
    if (c.ctx.family !== 'mysql') return null;
    const aborted = factNumber(c.facts, 'Aborted_connects');
    const total = factNumber(c.facts, 'Connections');
    const evidence = [fact(c, 'Aborted_connects'), fact(c, 'Connections')];
    if (aborted === undefined || total === undefined) return outcome('info', 'Aborted_connects or Connections could not be read.', WHY, evidence);
    if (total === 0) return outcome('pass', 'No connections counted yet.', WHY, evidence);
    const pct = (aborted / total) * 100;
    const text = `Aborted_connects=${aborted} of Connections=${total} (${pct.toFixed(1)}%)`;
    if (aborted / total > 0.03) {
      return outcome('warn', `${text}, above 3%.`, WHY, evidence, {
        summary: 'Find the failing clients in the server\'s error log (log_warnings / log_error_verbosity) and fix their credentials or connect_timeout.',
      });
    }
    return outcome('pass', `${text}.`, WHY, evidence);
  },
};
