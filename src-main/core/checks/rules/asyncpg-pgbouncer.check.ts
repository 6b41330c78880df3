import { factBoolean, factString } from '../../../shared/facts';
import { recommend } from '../../advice/recommend';
import { fact, outcome, own, type Rule, type RuleContext } from '../rule';
import type { Recommendation } from '../../../shared/advice';
import { engineSnippet } from '../../../shared/engine-snippet';

const WHY =
  'In transaction mode PgBouncer may run each transaction on another server connection. asyncpg prepares named statements (a cache of 100 per connection) and SQLAlchemy\'s dialect prepares more, so they collide or vanish: "42P05 prepared statement … already exists" and "26000 prepared statement … does not exist". The SQLAlchemy maintainer recommends psycopg with prepare_threshold=None behind PgBouncer (SQLAlchemy issues 6467, 10226, 12836).';

function withDriver(c: RuleContext, driver: 'psycopg' | 'asyncpg'): Recommendation {
  return recommend({ ...c.profile, service: { ...c.profile.service, driver } }, c.facts);
}

export const asyncpgPgbouncerRule: Rule = {
  id: 'asyncpg-pgbouncer',
  title: 'asyncpg behind PgBouncer in transaction mode',
  evaluate(c) {
    if (c.ctx.family !== 'postgresql') return null;
    const present = factBoolean(c.facts, 'pooler.present');
    const mode = factString(c.facts, 'pooler.pool_mode');
    const evidence = [own('service.driver', c.ctx.driver), fact(c, 'pooler.present'), fact(c, 'pooler.evidence'), fact(c, 'pooler.product'), fact(c, 'pooler.pool_mode')];
    if (present === undefined) return outcome('info', 'Whether a pooler sits in between could not be told.', WHY, evidence);
    if (!present) return outcome('pass', 'No connection pooler between the application and PostgreSQL.', WHY, evidence.slice(0, 3));
    if (mode === 'session') return outcome('pass', `${c.ctx.poolerName} runs in session mode: each client keeps one server connection, so prepared statements work.`, WHY, evidence);
    const where = `${c.ctx.poolerName} in ${mode ?? 'an unreadable (probably transaction)'} mode`;
    if (c.ctx.driver === 'asyncpg') {
      const psycopg = withDriver(c, 'psycopg');
      return outcome(mode ? 'fail' : 'warn', `asyncpg behind ${where}: named prepared statements will fail.`, WHY, evidence, {
        summary: 'Switch to psycopg with prepare_threshold=None and NullPool (the maintainer\'s recommendation). To stay on asyncpg, set all of: statement_cache_size=0, prepared_statement_cache_size=0 in the URL, prepared_statement_name_func, and NullPool.',
        patch: { service: { driver: 'psycopg' }, pool: { poolClass: 'NullPool' } },
        python: `${engineSnippet(psycopg)}\n\n# Staying on asyncpg instead needs all of this:\n${engineSnippet(c.advice)}`,
      });
    }
    return outcome('info', `${c.ctx.driver} behind ${where}: make sure the engine passes prepare_threshold=None.`, WHY, evidence, {
      summary: 'Pass connect_args={"prepare_threshold": None} so psycopg never prepares statements (the config export writes it).',
      python: engineSnippet(c.advice),
    });
  },
};
