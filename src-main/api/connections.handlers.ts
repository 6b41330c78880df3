import type { Core } from '../core/core';
import type { Handlers } from './dispatch';
import { readBackup, readBackupProfiles, writeBackup } from '../core/connections/backup';
import { AppError } from '../shared/errors';
import { connectionUrl, duplicateConnection, importConnections } from '../core/connections/actions';

export interface ConnectionsHandlerDeps {
  /** Writes the system clipboard from the main process (desktop app), so a password never crosses to the UI. */
  writeClipboard?: (text: string) => void;
}

type CrudMethods =
  | 'connections.list'
  | 'connections.get'
  | 'connections.create'
  | 'connections.update'
  | 'connections.delete'
  | 'connections.duplicate'
  | 'connections.import'
  | 'connections.exportAll'
  | 'connections.importAll'
  | 'connections.url'
  | 'connections.copyUrlWithPassword';

export function connectionsHandlers(core: Core, deps: ConnectionsHandlerDeps = {}): Pick<Handlers, CrudMethods> {
  const store = core.connections;
  return {
    'connections.list': () => store.list(),
    'connections.get': ({ id }) => store.get(id),
    'connections.create': ({ profile, password }) => store.create(profile, password),
    'connections.update': ({ id, profile, password }) => store.update(id, profile, password),
    'connections.delete': ({ id }) => ({ deleted: store.delete(id) }),
    'connections.duplicate': ({ id }) => duplicateConnection(store, id),
    'connections.import': ({ items }) => importConnections(core.db, store, items),
    'connections.exportAll': ({ passphrase }) => {
      const out = writeBackup(store, { passphrase, version: core.version });
      return { fileName: `poolscope-connections-${new Date().toISOString().slice(0, 10)}.json`, ...out };
    },
    'connections.importAll': ({ text, passphrase, withoutPasswords }) =>
      importConnections(core.db, store, withoutPasswords ? readBackupProfiles(text) : readBackup(text, passphrase)),
    'connections.url': ({ id, driver }) => connectionUrl(store.get(id), { ...(driver ? { driver } : {}) }),
    'connections.copyUrlWithPassword': ({ id, driver }) => {
      const saved = store.get(id);
      if (!deps.writeClipboard) {
        throw new AppError(
          'UNSUPPORTED',
          'In the browser UI a saved password never leaves the Poolscope process, so it cannot be copied here.',
          `Copy the masked URL and type the password, run \`npx poolscope url "${saved.name}" --with-password\` in a terminal, or use the desktop app.`,
        );
      }
      const password = saved.passwordMode === 'saved' ? store.password(id) : undefined;
      const secrets = saved.options.secretParams?.length ? store.secretParams(id) : undefined;
      if (password === undefined && !secrets) {
        throw new AppError('NOT_FOUND', `"${saved.name}" has no saved password to copy.`, 'Copy the URL without it; this connection asks for its password or needs none.');
      }
      deps.writeClipboard(connectionUrl(saved, { ...(password !== undefined ? { password } : {}), ...(secrets ? { secrets } : {}), ...(driver ? { driver } : {}) }).url);
      return { copied: true };
    },
  };
}
