import type { Core } from '../core/core';
import type { Handlers } from './dispatch';

export function poolsHandlers(core: Core): Pick<Handlers, 'pools.open' | 'pools.snapshot' | 'pools.close' | 'pools.applySettings'> {
  return {
    'pools.open': ({ id, password }) => core.pools.open(id, password),
    'pools.snapshot': ({ id }) => core.pools.snapshot(id),
    'pools.close': async ({ id }) => ({ closed: await core.pools.close(id) }),
    'pools.applySettings': ({ id, settings }) => core.pools.applySettings(id, settings),
  };
}
