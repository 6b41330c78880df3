import type { Core } from '../core/core';
import type { Handlers } from './dispatch';

export function connectionsHandlers(
  core: Core,
): Pick<Handlers, 'connections.list' | 'connections.get' | 'connections.create' | 'connections.update' | 'connections.delete'> {
  const store = core.connections;
  return {
    'connections.list': () => store.list(),
    'connections.get': ({ id }) => store.get(id),
    'connections.create': ({ profile, password }) => store.create(profile, password),
    'connections.update': ({ id, profile, password }) => store.update(id, profile, password),
    'connections.delete': ({ id }) => ({ deleted: store.delete(id) }),
  };
}
