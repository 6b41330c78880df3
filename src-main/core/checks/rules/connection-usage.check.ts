import { factNumber } from '../../../shared/facts';
import { USAGE_TARGET } from '../../advice/headroom';
import { fact, outcome, type Rule } from '../rule';

const WHY_MYSQL =
  'Max_used_connections is the most connections this server has had at once since it started. MySQLTuner flags above 85% of max_connections: the next peak (a deploy with old and new processes side by side) can hit the limit.';
const WHY_PG =
  'postgresqltuner warns when the sessions open now exceed 70% of max_connections: each PostgreSQL session is a process with its own memory, and the remaining slots are what deploys, migrations and admin sessions need.';

export const connectionUsageRule: Rule = {
  id: 'connection-usage',
  title: 'Connection usage on the server',
  evaluate(c) {
    if (c.ctx.family === 'sqlite') return null;
    const max = factNumber(c.facts, 'max_connections');
    if (c.ctx.family === 'mysql') {
      const used = factNumber(c.facts, 'Max_used_connections');
      const evidence = [fact(c, 'Max_used_connections'), fact(c, 'max_connections'), fact(c, 'Threads_connected')];
      if (used === undefined || max === undefined || max <= 0) return outcome('info', 'Max_used_connections or max_connections could not be read.', WHY_MYSQL, evidence);
      const pct = Math.round((used / max) * 100);
      const fix = { summary: `Raise max_connections on the server, or lower the pools that fill it (see the max-connections check).`, sql: `SET GLOBAL max_connections = ${Math.ceil(used / USAGE_TARGET.mysql) + 1};  -- and in the server's config file, so it survives a restart` };
      if (used / max > USAGE_TARGET.mysql) return outcome('warn', `Max_used_connections=${used} of max_connections=${max} (${pct}%), above 85%.`, WHY_MYSQL, evidence, fix);
      return outcome('pass', `Max_used_connections=${used} of max_connections=${max} (${pct}%).`, WHY_MYSQL, evidence);
    }
    // The sampled steady state of everyone but Poolscope (other applications and the service itself), when measured.
    const other = factNumber(c.facts, 'other_sessions');
    const sessions = other !== undefined ? other + (factNumber(c.facts, 'service_sessions') ?? 0) : factNumber(c.facts, 'sessions');
    const evidence = [fact(c, other !== undefined ? 'other_sessions' : 'sessions'), fact(c, 'service_sessions'), fact(c, 'own_sessions'), fact(c, 'max_connections')];
    if (sessions === undefined || max === undefined || max <= 0) return outcome('info', 'The session count or max_connections could not be read.', WHY_PG, evidence);
    const pct = Math.round((sessions / max) * 100);
    if (sessions / max > USAGE_TARGET.postgresql) {
      return outcome('warn', `${sessions} sessions of max_connections=${max} (${pct}%), above 70%.`, WHY_PG, evidence, {
        summary: 'Put PgBouncer in front of the server, or lower the pools that fill it; raising max_connections needs a restart and memory per session.',
        sql: `ALTER SYSTEM SET max_connections = ${Math.ceil(sessions / USAGE_TARGET.postgresql) + 1};  -- takes effect after a restart`,
      });
    }
    return outcome('pass', `${sessions} session${sessions === 1 ? '' : 's'} of max_connections=${max} (${pct}%).`, WHY_PG, evidence);
  },
};
