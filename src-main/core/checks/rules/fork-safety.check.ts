import { outcome, own, type Rule } from '../rule';

const WHY =
  'Pre-fork servers (Gunicorn workers, Celery prefork, multiprocessing) copy the parent\'s memory. An engine created before the fork hands every child the same open sockets: asyncpg connections are not fork-safe and their state is corrupted in the children. Poolscope cannot see where your code creates the engine; with several processes the safe pattern is to create it inside each worker, after the fork (or to use NullPool, which holds nothing to inherit).';

const AFTER_FORK = [
  '# Create the engine in each worker process, after the fork:',
  'from contextlib import asynccontextmanager',
  '',
  '@asynccontextmanager',
  'async def lifespan(app):',
  '    app.state.engine = create_async_engine(DATABASE_URL)  # per worker, not at import time',
  '    yield',
  '    await app.state.engine.dispose()',
].join('\n');

export const forkSafetyRule: Rule = {
  id: 'fork-safety',
  title: 'Engines created before a fork',
  evaluate(c) {
    if (c.ctx.family === 'sqlite') return null;
    const n = c.profile.service.processes;
    const evidence = [own('service.processes', n), own('service.driver', c.ctx.driver), own('pool.poolClass', c.profile.pool.poolClass)];
    if (n <= 1) return outcome('pass', 'One process: nothing forks after the engine exists.', WHY, evidence);
    if (c.pool === 'null') return outcome('pass', `${n} processes with NullPool: no pooled connection exists to be inherited.`, WHY, evidence);
    const fix = { summary: 'Create the engine inside each worker after the fork (lifespan, post_fork or worker_process_init), never at import time in the parent.', python: AFTER_FORK };
    if (c.ctx.driver === 'asyncpg') return outcome('warn', `${n} processes on asyncpg: an engine created before the fork corrupts the children's connections.`, WHY, evidence, fix);
    return outcome('info', `${n} processes: create the engine after the fork so no process shares another's connections.`, WHY, evidence, fix);
  },
};
