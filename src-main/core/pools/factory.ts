import { isMemorySqlite } from '../../shared/backends';
import type { ProfileData } from '../../shared/profile';
import { NullPool } from './null-pool';
import { QueuePool } from './queue-pool';
import { StaticPool } from './static-pool';
import type { BasePool } from './base-pool';
import type { PoolClassName, PoolSettingsDto } from '../../shared/pool-types';
import type { PoolDeps } from './types';

/**
 * The pool class SQLAlchemy 2.0's create_async_engine would use: AsyncAdaptedQueuePool for every
 * async driver and file SQLite, StaticPool for in-memory aiosqlite, unless the profile names one.
 */
export function effectivePoolClass(profile: Pick<ProfileData, 'backend' | 'database' | 'pool'>): PoolClassName {
  switch (profile.pool.poolClass) {
    case 'NullPool':
      return 'NullPool';
    case 'StaticPool':
      return 'StaticPool';
    case 'QueuePool':
      return 'AsyncAdaptedQueuePool';
    default:
      return profile.backend === 'sqlite' && isMemorySqlite(profile.database) ? 'StaticPool' : 'AsyncAdaptedQueuePool';
  }
}

export function poolOptions(profile: Pick<ProfileData, 'pool'>): PoolSettingsDto {
  const p = profile.pool;
  return { poolSize: p.poolSize, maxOverflow: p.maxOverflow, timeout: p.timeout, recycle: p.recycle, prePing: p.prePing, useLifo: p.useLifo, resetOnReturn: p.resetOnReturn };
}

export function createPool(className: PoolClassName, options: PoolSettingsDto, deps: PoolDeps): BasePool {
  if (className === 'NullPool') return new NullPool(options, deps);
  if (className === 'StaticPool') return new StaticPool(options, deps);
  return new QueuePool(options, deps);
}
