import type { App, Session, WebContents } from 'electron';
import { isSafeExternalUrl } from './external';
import { originOf } from '../shared/origin';

/**
 * Window hardening applied to every web contents the app ever creates: no new windows (http(s)
 * links go to the system browser through the one opener), no navigation away from the app,
 * no <webview>, and every permission request denied.
 */
export function hardenApp(app: App, opts: { trustedOrigins: string[]; openExternal: (url: string) => Promise<void> }): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void opts.openExternal(url).catch(() => undefined);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isTrusted(url, opts.trustedOrigins)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrusted(url, opts.trustedOrigins)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

function isTrusted(url: string, origins: string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}
