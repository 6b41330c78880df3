import type { Core } from '../core/core';
import { appHandlers, type AppHandlerDeps } from './app.handlers';
import { connectionsHandlers } from './connections.handlers';
import { typesHandlers } from './types.handlers';
import type { Handlers } from './dispatch';

/** Every contract method, implemented with core. The `Handlers` type makes a missing one a compile error. */
export function createHandlers(core: Core, deps: AppHandlerDeps = {}): Handlers {
  return {
    ...appHandlers(core, deps),
    ...connectionsHandlers(core),
    ...typesHandlers(core),
  };
}

export { dispatch, type Handlers, type HandlerContext, type TransportKind } from './dispatch';
