import type { Core } from '../core/core';
import type { Handlers } from './dispatch';
import { readBackup, readBackupProfiles, writeBackup } from '../core/connections/backup';
import { AppError } from '../shared/errors';
import { resolve } from 'node:path';
import { defaultDataDir } from '../core/paths';
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
    'connections.exportAll': async ({ passphrase }) => {
      const out = await writeBackup(store, { passphrase, version: core.version });
      return { fileName: `poolscope-connections-${new Date().toISOString().slice(0, 10)}.json`, ...out };
    },
    'connections.importAll': async ({ text, passphrase, withoutPasswords }) =>
      importConnections(core.db, store, withoutPasswords ? readBackupProfiles(text) : await readBackup(text, passphrase)),
    'connections.url': ({ id, driver }) => connectionUrl(store.get(id), { ...(driver ? { driver } : {}) }),
    'connections.copyUrlWithPassword': ({ id, driver }) => {
      const saved = store.get(id);
      if (!deps.writeClipboard) {
        throw new AppError(
          'UNSUPPORTED',
          'In the browser UI a saved password never leaves the Poolscope process, so it cannot be copied here.',
          `Copy the masked URL and type the password, run \`${cliUrlCommand(saved.name, core.dataDir)}\` in a terminal, or use the desktop app.`,
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

/** The command that prints the URL with its password, naming this data folder when the CLI would not find it by default (serve --data-dir). */
export function cliUrlCommand(name: string, dataDir: string): string {
  const quote = (v: string) => `"${v.replace(/(["\\$`])/g, '\\$1')}"`;
  const own = resolve(dataDir) !== defaultDataDir();
  return `npx poolscope url ${quote(name)} --with-password${own ? ` --data-dir ${quote(dataDir)}` : ''}`;
}
