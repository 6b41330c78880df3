import { factBoolean, factNumber, factString } from '../../../shared/facts';
import { recommend } from '../../advice/recommend';
import { fact, outcome, own, type Rule, type RuleContext } from '../rule';
import type { Recommendation } from '../../../shared/advice';
import { engineSnippet } from '../../../shared/engine-snippet';

const WHY =
  'In transaction mode PgBouncer may run each transaction on another server connection. asyncpg prepares named statements (a cache of 100 per connection) and SQLAlchemy\'s dialect prepares more, so they collide or vanish: "42P05 prepared statement … already exists" and "26000 prepared statement … does not exist". The SQLAlchemy maintainer recommends psycopg with prepare_threshold=None behind PgBouncer (SQLAlchemy issues 6467, 10226, 12836). PgBouncer 1.21 and later track protocol-level prepared statements (what asyncpg sends) when max_prepared_statements is above 0: each is prepared on whichever server connection runs it, under PgBouncer\'s own name, so the driver\'s cache works again; SQL-level PREPARE/EXECUTE is still not tracked.';

/** asyncpg caches up to 100 statements per connection; PgBouncer keeps max_prepared_statements per server connection. */
const ASYNCPG_CACHE = 100;

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
    const evidence = [own('service.driver', c.ctx.driver), fact(c, 'pooler.present'), fact(c, 'pooler.evidence'), fact(c, 'pooler.product'), fact(c, 'pooler.pool_mode'), fact(c, 'pooler.max_prepared_statements')];
    if (present === undefined) return outcome('info', 'Whether a pooler sits in between could not be told.', WHY, evidence);
    if (!present) return outcome('pass', 'No connection pooler between the application and PostgreSQL.', WHY, evidence.slice(0, 3));
    if (mode === 'session') return outcome('pass', `${c.ctx.poolerName} runs in session mode: each client keeps one server connection, so prepared statements work.`, WHY, evidence);
    const where = `${c.ctx.poolerName} in ${mode ?? 'an unreadable (probably transaction)'} mode`;
    const tracked = factNumber(c.facts, 'pooler.max_prepared_statements');
    if (c.ctx.driver === 'asyncpg' && c.ctx.poolerTracksPrepared && tracked !== undefined) {
      const small = tracked < ASYNCPG_CACHE ? ` It keeps ${tracked} per server connection, fewer than asyncpg's ${ASYNCPG_CACHE}: statements beyond that are prepared again when used (slower, not failing).` : '';
      return outcome(
        'pass',
        `asyncpg behind ${where} with max_prepared_statements=${tracked}: PgBouncer tracks the prepared statements, so asyncpg's statement cache works and needs no statement_cache_size=0; prepared_statement_name_func is not needed either (PgBouncer renames each statement per server connection).${small}`,
        WHY,
        evidence,
      );
    }
    if (c.ctx.driver === 'asyncpg') {
      const psycopg = withDriver(c, 'psycopg');
      return outcome(mode ? 'fail' : 'warn', `asyncpg behind ${where}: named prepared statements will fail.`, WHY, evidence, {
        summary: 'Switch to psycopg with prepare_threshold=None and NullPool (the maintainer\'s recommendation). To stay on asyncpg, set all of: statement_cache_size=0, prepared_statement_cache_size=0 in the URL, prepared_statement_name_func, and NullPool.',
        patch: { service: { driver: 'psycopg' }, pool: { poolClass: 'NullPool' } },
        python: `${engineSnippet(psycopg)}\n\n# Staying on asyncpg instead needs all of this:\n${engineSnippet(c.advice)}`,
      });
    }
    const psycopgNote = c.ctx.poolerTracksPrepared ? ` (max_prepared_statements=${tracked}: psycopg 3.2+ can prepare behind PgBouncer 1.22+ when its libpq is 17 or newer; prepare_threshold=None works with any version)` : '';
    return outcome('info', `${c.ctx.driver} behind ${where}: make sure the engine passes prepare_threshold=None${psycopgNote}.`, WHY, evidence, {
      summary: 'Pass connect_args={"prepare_threshold": None} so psycopg never prepares statements (the config export writes it).',
      python: engineSnippet(c.advice),
    });
  },
};
