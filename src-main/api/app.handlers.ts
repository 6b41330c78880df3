import type { Core } from '../core/core';
import type { Handlers } from './dispatch';
import { AppError } from '../shared/errors';

export interface AppHandlerDeps {
  /** Opens a URL in the system browser (Electron only). */
  openExternal?: (url: string) => Promise<void>;
}

export function appHandlers(core: Core, deps: AppHandlerDeps): Pick<Handlers, 'app.info' | 'app.dismissNotice' | 'app.openExternal'> {
  const dismissed = new Set<string>();
  return {
    'app.info': () => ({
      name: 'Poolscope',
      version: core.version,
      mode: core.options.mode,
      dataDir: core.dataDir,
      platform: process.platform,
      node: process.versions.node,
      secretStorage: core.secrets.info,
      notices: core.notices.filter((n) => !dismissed.has(n.id)),
    }),
    'app.dismissNotice': ({ id }) => {
      const known = core.notices.some((n) => n.id === id);
      if (known) dismissed.add(id);
      return { dismissed: known };
    },
    'app.openExternal': async ({ url }) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new AppError('BAD_INPUT', `"${url.slice(0, 100)}" is not a URL.`, 'Only http and https links can be opened.');
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new AppError('FORBIDDEN', `Links with ${parsed.protocol} are not opened.`, 'Only http and https links can be opened.');
      }
      if (!deps.openExternal) return { opened: false };
      await deps.openExternal(parsed.toString());
      return { opened: true };
    },
  };
}
