import { factString } from '../../../shared/facts';
import { engineCall, fact, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'MySQL and MariaDB default to REPEATABLE READ: a transaction keeps reading the snapshot it saw first. PostgreSQL defaults to READ COMMITTED: every statement sees what was committed before it. Code developed against one and run on the other changes behaviour (read-modify-write loops, long sessions that never see new rows). Setting isolation_level on the engine makes the choice explicit and the same everywhere. On MySQL/MariaDB, READ COMMITTED needs row-based binary logging when binary logging is on (log_bin=ON): with binlog_format=STATEMENT, InnoDB refuses writes under it (error 1665); MIXED and ROW allow it.';

export const isolationLevelRule: Rule = {
  id: 'isolation-level',
  title: 'Transaction isolation: REPEATABLE READ vs READ COMMITTED',
  evaluate(c) {
    if (c.ctx.family === 'sqlite') return null;
    const serverFact = c.ctx.family === 'mysql' ? 'transaction_isolation' : 'default_transaction_isolation';
    const server = factString(c.facts, serverFact);
    const set = c.profile.service.isolationLevel;
    const evidence = [own('service.isolationLevel', set ?? null), fact(c, serverFact)];
    if (c.ctx.family === 'mysql') evidence.push(fact(c, 'binlog_format'), fact(c, 'log_bin'));
    if (set) return outcome('pass', `isolation_level="${set}" is set on the engine (server default ${server ?? 'unknown'}).`, WHY, evidence);
    const advised = c.advice.isolationLevel;
    const fix = advised.value ? patchFix(`Set isolation_level="${advised.value}" (${advised.reason}).`, { service: { isolationLevel: advised.value } }, engineCall([advised])) : undefined;
    if (server === undefined) return outcome('info', `The server's default isolation could not be read; the engine sets none.`, WHY, evidence, fix);
    if (c.ctx.family === 'postgresql') {
      if (server === 'READ COMMITTED') return outcome('pass', 'PostgreSQL default READ COMMITTED; the engine leaves it.', WHY, evidence);
      return outcome('warn', `The server default was changed to ${server}: the application depends on the server's configuration${server === 'SERIALIZABLE' ? ' and must retry serialization failures (40001)' : ''}.`, WHY, evidence, fix);
    }
    if (server === 'READ COMMITTED') {
      return outcome('info', "The engine sets no isolation_level: this server's default was changed to READ COMMITTED (MySQL/MariaDB ship with REPEATABLE READ), so the application depends on that setting.", WHY, evidence, fix);
    }
    const shipped = server === 'REPEATABLE READ' ? "MySQL/MariaDB's default REPEATABLE READ" : `the server's ${server} (MySQL/MariaDB ship with REPEATABLE READ)`;
    return outcome('info', `The engine sets no isolation_level: ${shipped} applies, unlike PostgreSQL's READ COMMITTED.`, WHY, evidence, fix);
  },
};
