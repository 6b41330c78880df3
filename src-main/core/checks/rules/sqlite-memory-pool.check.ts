import { engineCall, fact, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'Every new connection to an in-memory SQLite database is a new, empty database. A queue pool or NullPool opens new connections, so tables created in one session are missing in the next: "OperationalError: no such table". StaticPool keeps one connection for everything (SQLAlchemy picks it for sqlite+aiosqlite:// when poolclass is left out).';

export const sqliteMemoryPoolRule: Rule = {
  id: 'sqlite-memory-pool',
  title: 'In-memory SQLite needs StaticPool',
  evaluate(c) {
    if (c.ctx.kind.kind !== 'sqlite-memory') return null;
    const evidence = [own('pool.poolClass', c.profile.pool.poolClass), fact(c, 'in_memory')];
    if (c.pool === 'static') {
      const how = c.profile.pool.poolClass === 'default' ? 'poolclass left out: SQLAlchemy picks StaticPool for an in-memory database' : 'StaticPool';
      return outcome('pass', `${how}: every session shares the one in-memory database.`, WHY, evidence);
    }
    return outcome('fail', `${c.profile.pool.poolClass} with an in-memory database: each new connection starts empty.`, WHY, evidence, patchFix('Use poolclass=StaticPool.', { pool: { poolClass: 'StaticPool' } }, `from sqlalchemy.pool import StaticPool\n\n${engineCall([], ['poolclass=StaticPool'])}`));
  },
};
