import type { AdvisedSetting, PythonPoolClass } from '../../shared/advice';
import { factBoolean, factNumber } from '../../shared/facts';
import type { PoolClass } from '../../shared/profile';
import { poolClassFor } from '../../shared/pool-class';
import { sizePool, type PoolSizing } from '../../shared/pool-sizing';
import { cite, factEvidence, profileEvidence, setting } from './evidence';
import { headroomOf } from './headroom';
import type { AdviceContext } from './context';

export const PROFILE_TO_PYTHON: Record<PoolClass, PythonPoolClass> = {
  default: 'default',
  // Async engines refuse plain QueuePool; AsyncAdaptedQueuePool is the same pool for asyncio.
  QueuePool: 'AsyncAdaptedQueuePool',
  NullPool: 'NullPool',
  StaticPool: 'StaticPool',
};

export const PYTHON_TO_PROFILE: Record<PythonPoolClass, PoolClass> = {
  default: 'default',
  AsyncAdaptedQueuePool: 'QueuePool',
  NullPool: 'NullPool',
  StaticPool: 'StaticPool',
};

/** The pool SQLAlchemy ends up with for a Python pool class name on this connection. */
export function effectivePool(cls: PythonPoolClass, memorySqlite: boolean): 'queue' | 'null' | 'static' {
  const name = poolClassFor(PYTHON_TO_PROFILE[cls], memorySqlite);
  return name === 'NullPool' ? 'null' : name === 'StaticPool' ? 'static' : 'queue';
}

/** poolclass takes a class, not a string: its Python text is the bare name, empty for "leave it out". */
function poolSetting(value: PythonPoolClass, opts: Parameters<typeof setting<PythonPoolClass>>[2]): AdvisedSetting<PythonPoolClass> {
  return setting('poolclass', value, { ...opts, python: value === 'default' ? '' : value });
}

export function advisePoolClass(ctx: AdviceContext): AdvisedSetting<PythonPoolClass> {
  const current = PROFILE_TO_PYTHON[ctx.profile.pool.poolClass];
  const evidence = [profileEvidence('pool.poolClass', ctx.profile.pool.poolClass)];
  if (ctx.kind.kind === 'sqlite-memory') {
    const value: PythonPoolClass = current === 'default' ? 'default' : 'StaticPool';
    return poolSetting(value, {
      current,
      origin: current === 'default' || current === 'StaticPool' ? 'profile' : 'matrix',
      evidence: [...evidence, factEvidence(ctx.facts, 'in_memory')],
      reason: 'in-memory SQLite: every new connection is a new, empty database, so all sessions must share one connection (StaticPool, which SQLAlchemy also picks when poolclass is left out)',
    });
  }
  if (ctx.pooled) {
    return poolSetting('NullPool', {
      current,
      origin: 'measured',
      evidence: [...evidence, factEvidence(ctx.facts, 'pooler.present'), factEvidence(ctx.facts, 'pooler.pool_mode')],
      reason: `${ctx.poolerName} pools the server connections (${cite(factEvidence(ctx.facts, 'pooler.pool_mode'))}); NullPool keeps no second pool of client connections in each process`,
    });
  }
  if (current === 'StaticPool' && ctx.family !== 'sqlite') {
    return poolSetting('default', {
      current,
      origin: 'matrix',
      evidence,
      reason: 'StaticPool hands one connection to every concurrent session of a network database; the default AsyncAdaptedQueuePool gives each session its own',
    });
  }
  if (current === 'AsyncAdaptedQueuePool') {
    return poolSetting(current, {
      current,
      origin: 'profile',
      evidence,
      reason: 'the profile\'s QueuePool, written as AsyncAdaptedQueuePool: create_async_engine refuses plain QueuePool ("Pool class QueuePool cannot be used with asyncio engine")',
    });
  }
  return poolSetting(current, {
    current,
    origin: current === 'default' ? 'default' : 'profile',
    evidence,
    reason: current === 'default' ? 'left out: create_async_engine picks AsyncAdaptedQueuePool for this URL' : `${current} as chosen in the profile`,
  });
}

export function adviseSizing(ctx: AdviceContext): PoolSizing {
  const p = ctx.profile;
  return sizePool({
    processes: p.service.processes,
    ...(p.service.concurrencyPerProcess !== undefined ? { concurrencyPerProcess: p.service.concurrencyPerProcess } : {}),
    poolSize: p.pool.poolSize,
    maxOverflow: p.pool.maxOverflow,
    ...(ctx.headroom.headroom ? { headroom: ctx.headroom.headroom } : {}),
  });
}

export function adviseRecycle(ctx: AdviceContext, pool: 'queue' | 'null' | 'static'): AdvisedSetting<number> {
  const current = ctx.profile.pool.recycle;
  const own = [profileEvidence('pool.recycle', current)];
  if (pool === 'null') return setting('pool_recycle', current, { current, origin: 'profile', evidence: own, reason: 'no effect with NullPool: it never reuses a connection' });
  if (ctx.family === 'sqlite') return setting('pool_recycle', current, { current, origin: 'profile', evidence: own, reason: 'SQLite has no server that closes idle connections' });

  // Every server-side idle limit that would close a pooled connection, in seconds (pool_recycle's unit).
  // `text` cites the limit; a limit kept in milliseconds shows its seconds too, so "half" reads right.
  const limits: Array<{ seconds: number; ev: ReturnType<typeof factEvidence>; text: string }> = [];
  if (ctx.family === 'mysql') {
    const w = factNumber(ctx.facts, 'wait_timeout');
    const ev = factEvidence(ctx.facts, 'wait_timeout');
    if (w !== undefined && w > 0) limits.push({ seconds: w, ev, text: cite(ev) });
  } else {
    const idle = factNumber(ctx.facts, 'idle_session_timeout');
    if (idle !== undefined && idle > 0) {
      const ev = factEvidence(ctx.facts, 'idle_session_timeout');
      limits.push({ seconds: idle / 1000, ev, text: cite({ ...ev, value: `${idle} ms (${round(idle / 1000)} s)` }) });
    }
    const pooler = factNumber(ctx.facts, 'pooler.client_idle_timeout');
    if (factBoolean(ctx.facts, 'pooler.present') && pooler !== undefined && pooler > 0) {
      const ev = factEvidence(ctx.facts, 'pooler.client_idle_timeout');
      limits.push({ seconds: pooler, ev, text: cite({ ...ev, value: `${pooler} s` }) });
    }
  }
  if (limits.length) {
    const tightest = limits.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const half = Math.max(1, Math.floor(tightest.seconds / 2));
    const evidence = [...own, ...limits.map((l) => l.ev)];
    if (current > 0 && current <= half) {
      return setting('pool_recycle', current, { current, origin: 'profile', evidence, reason: `within half of ${tightest.text}` });
    }
    return setting('pool_recycle', half, { current, origin: 'measured', evidence, reason: `half of ${tightest.text}` });
  }
  if (ctx.family === 'mysql') {
    const ev = factEvidence(ctx.facts, 'wait_timeout');
    if (current > 0) return setting('pool_recycle', current, { current, origin: 'profile', evidence: [...own, ev], reason: `kept from the profile: ${cite(ev)}` });
    return setting('pool_recycle', 1800, {
      current,
      origin: 'default',
      evidence: [...own, ev],
      reason: `${cite(ev)}: 1800 is half of the 3600 s many managed MySQL services use (the guide's value)`,
    });
  }
  const ev = factEvidence(ctx.facts, 'idle_session_timeout');
  return setting('pool_recycle', current, { current, origin: 'profile', evidence: [...own, ev], reason: `no server idle limit to stay under (${cite(ev)}); pre_ping covers connections dropped on the way` });
}

/** 600, 1.5: seconds without trailing zeros. */
function round(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(p: { host?: string; socket?: string }): boolean {
  return !!p.socket || p.host === undefined || LOOPBACK.has(p.host.toLowerCase());
}

export function advisePrePing(ctx: AdviceContext, pool: 'queue' | 'null' | 'static'): AdvisedSetting<boolean> {
  const current = ctx.profile.pool.prePing;
  const own = [profileEvidence('pool.prePing', current)];
  if (pool === 'null') return setting('pool_pre_ping', false, { current, origin: 'default', evidence: own, reason: 'NullPool opens a fresh connection for every checkout: there is nothing stale to ping' });
  if (ctx.family === 'sqlite') return setting('pool_pre_ping', false, { current, origin: 'default', evidence: own, reason: 'an in-process SQLite connection cannot be dropped by a network' });
  const why: string[] = [];
  const evidence = [...own];
  if (factBoolean(ctx.facts, 'pooler.present')) {
    why.push(`${ctx.poolerName} sits in between and closes idle client connections`);
    evidence.push(factEvidence(ctx.facts, 'pooler.present'));
  }
  if (ctx.family === 'mysql') {
    why.push('MySQL/MariaDB close idle sessions after wait_timeout (MySQL 8.0.28+ says so with error 4031, which SQLAlchemy treats as a disconnect)');
    evidence.push(factEvidence(ctx.facts, 'wait_timeout'));
  }
  if (ctx.profile.service.environment === 'production' || ctx.profile.service.environment === 'staging') {
    why.push(`in ${ctx.profile.service.environment}, load balancers and NAT gateways drop idle TCP connections (AWS, Google Cloud and Azure after 350–600 s)`);
  }
  if (!isLoopback(ctx.profile)) why.push(`${ctx.profile.host} is not this machine: the path may cross a proxy or load balancer`);
  if (why.length) return setting('pool_pre_ping', true, { current, origin: 'measured', evidence, reason: `${why[0]}; a ping at checkout replaces a dead connection before the application sees it` });
  return setting('pool_pre_ping', current, { current, origin: 'profile', evidence, reason: 'loopback server with nothing in between: pre_ping is optional here' });
}
