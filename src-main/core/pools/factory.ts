import type { ProfileData } from '../../shared/profile';
import { NullPool } from './null-pool';
import { QueuePool } from './queue-pool';
import { StaticPool } from './static-pool';
import type { BasePool } from './base-pool';
import type { PoolClassName, PoolSettingsDto } from '../../shared/pool-types';
import type { PoolDeps } from './types';

export { effectivePoolClass } from '../../shared/pool-class';

export function poolOptions(profile: Pick<ProfileData, 'pool'>): PoolSettingsDto {
  const p = profile.pool;
  return { poolSize: p.poolSize, maxOverflow: p.maxOverflow, timeout: p.timeout, recycle: p.recycle, prePing: p.prePing, useLifo: p.useLifo, resetOnReturn: p.resetOnReturn };
}

export function createPool(className: PoolClassName, options: PoolSettingsDto, deps: PoolDeps): BasePool {
  if (className === 'NullPool') return new NullPool(options, deps);
  if (className === 'StaticPool') return new StaticPool(options, deps);
  return new QueuePool(options, deps);
}
