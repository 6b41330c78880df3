import { factNumber } from '../../../shared/facts';
import { serviceBudget } from '../../../shared/pool-sizing';
import { engineCall, outcome, own, patchFix, type Rule, type RuleContext } from '../rule';

const WHY =
  'Every process has its own engine and pool: at peak the service opens processes × (pool_size + max_overflow) connections. When that exceeds what the server has left, new connections fail exactly when the load is highest: MySQL and MariaDB answer "Too many connections" (1040); PostgreSQL "sorry, too many clients already" (53300), or "remaining connection slots are reserved for …" once only reserved slots are left; PgBouncer "no more connections allowed (max_client_conn)".';

/** Connections one process may open with these settings; null when the pool sets no limit. */
export function perProcessMax(c: Pick<RuleContext, 'profile' | 'pool'>): number | null {
  if (c.pool === 'static') return 1;
  if (c.pool === 'null') return c.profile.service.concurrencyPerProcess ?? null;
  const { poolSize, maxOverflow } = c.profile.pool;
  return poolSize === 0 || maxOverflow < 0 ? null : poolSize + maxOverflow;
}

export const maxConnectionsRule: Rule = {
  id: 'max-connections',
  title: 'Pool size × processes against max_connections',
  evaluate(c) {
    if (c.ctx.family === 'sqlite') return null;
    const processes = c.profile.service.processes;
    const per = perProcessMax(c);
    const reading = c.ctx.headroom;
    const evidence = [own('pool.poolSize', c.profile.pool.poolSize), own('pool.maxOverflow', c.profile.pool.maxOverflow), own('service.processes', processes), ...reading.evidence];
    const fix = patchFix(
      `Set pool_size=${c.advice.sizing.poolSize} and max_overflow=${c.advice.sizing.maxOverflow} per process (${c.advice.sizing.reason}).${c.advice.sizing.fits ? '' : ' Even then the service needs more than the server has left: run fewer processes, raise max_connections, or put PgBouncer in front.'}`,
      c.pool === 'queue' ? { pool: { poolSize: c.advice.sizing.poolSize, maxOverflow: c.advice.sizing.maxOverflow } } : {},
      c.pool === 'queue' ? engineCall([c.advice.poolSize, c.advice.maxOverflow]) : undefined,
    );
    const shape = per === null ? `${processes} process${processes === 1 ? '' : 'es'} × no limit` : `${processes} × ${per} = ${processes * per} connections at most`;
    if (!reading.headroom) return outcome('info', `${shape}; not compared: ${reading.missing}.`, WHY, evidence);
    const h = reading.headroom;
    const limitName = reading.viaPooler ? 'PgBouncer max_client_conn' : 'max_connections';
    if (per === null && c.pool === 'null') {
      return outcome('info', `NullPool opens one connection per concurrent session and sets no limit of its own; ${limitName} is ${h.maxConnections}. Give the concurrency per process to compare.`, WHY, evidence);
    }
    if (per === null) {
      return outcome('fail', `${shape}: pool_size=0 or max_overflow=-1 lets each process open connections without limit; the server allows ${h.maxConnections} (${limitName}).`, WHY, evidence, fix);
    }
    const total = per * processes;
    const usable = h.maxConnections - h.reserved;
    const free = usable - h.otherSessions;
    const projected = h.otherSessions + total;
    const pct = Math.round((projected / Math.max(1, usable)) * 100);
    const room = `${usable} usable (${limitName} ${h.maxConnections}${h.reserved ? ` − ${h.reserved} reserved` : ''}), ${h.otherSessions} other session${h.otherSessions === 1 ? '' : 's'} now`;
    const summary = `${shape}; ${room} → ${projected} of ${usable} (${pct}%).`;
    if (h.accountLimit !== undefined && total > h.accountLimit) {
      return outcome('fail', `${shape}, above the account or database limit of ${h.accountLimit} (${factNumber(c.facts, 'account_max_connections') ? 'MAX_USER_CONNECTIONS' : 'connection limit'}).`, WHY, evidence, fix);
    }
    if (total > free) return outcome('fail', summary, WHY, evidence, fix);
    const budget = serviceBudget(h) ?? 0;
    if (total > budget) {
      return outcome('warn', `${summary} Above the ${Math.round(h.target * 100)}% mark (${h.targetSource ?? (c.ctx.family === 'mysql' ? 'MySQLTuner' : 'postgresqltuner')}): little left for deploys, migrations and admin sessions.`, WHY, evidence, fix);
    }
    return outcome('pass', summary, WHY, evidence);
  },
};
