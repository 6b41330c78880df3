import { factBoolean } from '../../../shared/facts';
import { engineCall, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'create_async_engine needs an asyncio pool: it refuses plain QueuePool ("Pool class QueuePool cannot be used with asyncio engine") and picks AsyncAdaptedQueuePool when poolclass is left out. StaticPool gives every concurrent session the same connection (and the same transaction); NullPool pays a full connect, TLS handshake and login on every checkout.';

export const poolClassRule: Rule = {
  id: 'pool-class',
  title: 'Pool class for an async engine',
  evaluate(c) {
    // In-memory SQLite has its own rule: there StaticPool is required.
    if (c.ctx.kind.kind === 'sqlite-memory') return null;
    const cls = c.profile.pool.poolClass;
    const evidence = [own('pool.poolClass', cls), own('service.environment', c.profile.service.environment)];
    const toDefault = patchFix('Leave poolclass out: create_async_engine picks AsyncAdaptedQueuePool.', { pool: { poolClass: 'default' } }, engineCall([]));
    if (cls === 'QueuePool') {
      return outcome('info', 'QueuePool must be written AsyncAdaptedQueuePool in an async engine (or left out, which picks it).', WHY, evidence, toDefault);
    }
    if (cls === 'StaticPool') {
      if (c.ctx.family === 'sqlite') return outcome('info', 'StaticPool on a SQLite file: concurrent sessions share one connection and one transaction.', WHY, evidence, toDefault);
      return outcome('fail', `StaticPool on ${c.ctx.family === 'mysql' ? 'MySQL' : 'PostgreSQL'}: every concurrent session uses the same connection.`, WHY, evidence, toDefault);
    }
    if (cls === 'NullPool' && c.ctx.family !== 'sqlite' && !factBoolean(c.facts, 'pooler.present')) {
      const env = c.profile.service.environment;
      if (env === 'test' || env === 'local') return outcome('pass', `NullPool in ${env}: a new connection per checkout is fine for tests.`, WHY, evidence);
      return outcome('info', 'NullPool without a pooler in front: every checkout opens a new server connection.', WHY, evidence, toDefault);
    }
    return outcome('pass', cls === 'default' ? 'poolclass left out: SQLAlchemy picks the right pool for this URL.' : `${cls} fits this connection.`, WHY, evidence);
  },
};
