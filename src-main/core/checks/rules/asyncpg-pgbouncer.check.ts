import { factBoolean, factString } from '../../../shared/facts';
import { recommend } from '../../advice/recommend';
import { fact, outcome, own, type Rule, type RuleContext } from '../rule';
import type { Recommendation } from '../../../shared/advice';

const WHY =
  'In transaction mode PgBouncer may run each transaction on another server connection. asyncpg prepares named statements (a cache of 100 per connection) and SQLAlchemy\'s dialect prepares more, so they collide or vanish: "42P05 prepared statement … already exists" and "26000 prepared statement … does not exist". The SQLAlchemy maintainer recommends psycopg with prepare_threshold=None behind PgBouncer (SQLAlchemy issues 6467, 10226, 12836).';

/** The engine set-up the recommendation engine makes for this profile with another driver. */
function engineFor(rec: Recommendation): string {
  const imports = new Set(['from sqlalchemy.ext.asyncio import create_async_engine']);
  if (rec.poolClass.value !== 'default') imports.add(`from sqlalchemy.pool import ${rec.poolClass.value}`);
  for (const a of rec.connectArgs) for (const i of a.imports) imports.add(i);
  const args = rec.connectArgs.filter((a) => a.where === 'connect_args').map((a) => `        "${a.key}": ${a.python},`);
  return [
    ...imports,
    '',
    `DATABASE_URL = "${rec.url.value}"`,
    'engine = create_async_engine(',
    '    DATABASE_URL,',
    ...(rec.poolClass.value !== 'default' ? [`    poolclass=${rec.poolClass.value},`] : []),
    ...(args.length ? ['    connect_args={', ...args, '    },'] : []),
    ')',
  ].join('\n');
}

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
        python: `${engineFor(psycopg)}\n\n# Staying on asyncpg instead needs all of this:\n${engineFor(c.advice)}`,
      });
    }
    return outcome('info', `${c.ctx.driver} behind ${where}: make sure the engine passes prepare_threshold=None.`, WHY, evidence, {
      summary: 'Pass connect_args={"prepare_threshold": None} so psycopg never prepares statements (the config export writes it).',
      python: engineFor(c.advice),
    });
  },
};
