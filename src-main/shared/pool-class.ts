import { isMemorySqliteProfile } from './backends';
import type { PoolClassName } from './pool-types';
import type { PoolClass, ProfileData } from './profile';

/**
 * The pool class SQLAlchemy 2.0's create_async_engine uses for a profile: AsyncAdaptedQueuePool for
 * every async driver and for file SQLite, StaticPool for in-memory aiosqlite, unless one is named.
 */
export function effectivePoolClass(profile: Pick<ProfileData, 'backend' | 'database' | 'pool'> & { options?: { params?: Record<string, string> } }): PoolClassName {
  return poolClassFor(profile.pool.poolClass, profile.backend === 'sqlite' && isMemorySqliteProfile(profile));
}

/** The same rule from its two inputs: the pool class asked for, and whether the URL is an in-memory SQLite one. */
export function poolClassFor(poolClass: PoolClass, memorySqlite: boolean): PoolClassName {
  switch (poolClass) {
    case 'NullPool':
      return 'NullPool';
    case 'StaticPool':
      return 'StaticPool';
    case 'QueuePool':
      return 'AsyncAdaptedQueuePool';
    default:
      return memorySqlite ? 'StaticPool' : 'AsyncAdaptedQueuePool';
  }
}
