import type { Core } from '../core/core';
import type { Handlers } from './dispatch';

type ImportMethods = 'imports.sources' | 'imports.preview' | 'imports.commit' | 'connections.setGroup' | 'connections.renameGroup';

/** Imports from other tools and client files, and the sidebar's groups. */
export function importsHandlers(core: Core): Pick<Handlers, ImportMethods> {
  return {
    'imports.sources': () => core.imports.sources(),
    'imports.preview': (input) => core.imports.preview(input),
    'imports.commit': (input) => core.imports.commit(input),
    'connections.setGroup': ({ ids, group }) => ({ updated: core.connections.setGroup(ids, group) }),
    'connections.renameGroup': ({ from, to }) => ({ updated: core.connections.renameGroup(from, to) }),
  };
}
