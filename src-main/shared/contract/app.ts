import { z } from 'zod';
import { method, event } from './define';

export type RunMode = 'electron' | 'serve' | 'cli';

export interface Notice {
  id: string;
  level: 'info' | 'warn' | 'error';
  title: string;
  message: string;
  at: string;
}

export interface SecretStorageInfo {
  kind: 'safeStorage' | 'keyfile';
  /** What the protection is worth, in plain words, shown in the UI. */
  description: string;
  weakerThanKeychain: boolean;
}

export interface AppInfo {
  name: 'Poolscope';
  version: string;
  mode: RunMode;
  dataDir: string;
  platform: string;
  node: string;
  secretStorage: SecretStorageInfo;
  notices: Notice[];
}

export const appMethods = {
  'app.info': method(z.strictObject({}), 'Version, run mode, data directory, secret storage and start-up notices.').returns<AppInfo>(),
  'app.dismissNotice': method(z.strictObject({ id: z.string().min(1).max(128) }), 'Hide a start-up notice.').returns<{ dismissed: boolean }>(),
  'app.openExternal': method(
    z.strictObject({ url: z.string().max(2048) }),
    'Open an http(s) link in the system browser (Electron); the web UI opens links itself.',
  ).returns<{ opened: boolean }>(),
};

export const appEvents = {
  'app.notice': event<Notice>('A new notice for the user (for example a store moved aside at start).'),
};
