import { factNumber } from '../../../shared/facts';
import { fact, outcome, type Rule } from '../rule';

const WHY =
  'superuser_reserved_connections keeps a few slots for a superuser when ordinary sessions fill max_connections. With 0, a pool that fills the server also locks out the administrator who has to fix it (postgresqltuner rates 0 as bad).';

export const superuserReservedRule: Rule = {
  id: 'superuser-reserved',
  title: 'Connections reserved for a superuser',
  evaluate(c) {
    if (c.ctx.family !== 'postgresql') return null;
    const n = factNumber(c.facts, 'superuser_reserved_connections');
    const evidence = [fact(c, 'superuser_reserved_connections'), fact(c, 'reserved_connections')];
    if (n === undefined) return outcome('info', 'superuser_reserved_connections could not be read.', WHY, evidence);
    if (n === 0) {
      return outcome('warn', 'superuser_reserved_connections=0: no slot is kept for an administrator.', WHY, evidence, {
        summary: 'Reserve a few connections for a superuser (the default is 3).',
        sql: 'ALTER SYSTEM SET superuser_reserved_connections = 3;  -- takes effect after a restart',
      });
    }
    return outcome('pass', `superuser_reserved_connections=${n}.`, WHY, evidence);
  },
};
