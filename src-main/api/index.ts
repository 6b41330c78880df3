import type { Core } from '../core/core';
import { appHandlers, type AppHandlerDeps } from './app.handlers';
import { connectionsHandlers, type ConnectionsHandlerDeps } from './connections.handlers';
import { connectionTestsHandlers } from './connection-tests.handlers';
import { poolsHandlers } from './pools.handlers';
import { labHandlers } from './lab.handlers';
import { checksHandlers } from './checks.handlers';
import { typesHandlers } from './types.handlers';
import { exportHandlers, type ExportHandlerDeps } from './export.handlers';
import { importsHandlers } from './imports.handlers';
import { sshHandlers } from './ssh.handlers';
import { verifyHandlers } from './verify.handlers';
import type { Handlers } from './dispatch';

export type HandlerDeps = AppHandlerDeps & ConnectionsHandlerDeps & ExportHandlerDeps;

/** Every contract method, implemented with core. The `Handlers` type makes a missing one a compile error. */
export function createHandlers(core: Core, deps: HandlerDeps = {}): Handlers {
  return {
    ...appHandlers(core, deps),
    ...connectionsHandlers(core, deps),
    ...connectionTestsHandlers(core),
    ...poolsHandlers(core),
    ...labHandlers(core),
    ...checksHandlers(core),
    ...typesHandlers(core),
    ...exportHandlers(core, deps),
    ...importsHandlers(core),
    ...sshHandlers(core),
    ...verifyHandlers(core),
  };
}

export { dispatch, type Handlers, type HandlerContext, type TransportKind } from './dispatch';
