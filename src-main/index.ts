import { app, BrowserWindow, clipboard, dialog, ipcMain, protocol, safeStorage, session, shell, nativeTheme } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Core } from './core/core';
import { appRoot } from './core/paths';
import { createHandlers } from './api';
import { registerIpcTransport } from './transport/ipc';
import { APP_ORIGIN, APP_SCHEME, makeAppProtocolHandler } from './electron/app-protocol';
import { denyAllPermissions, hardenApp } from './electron/hardening';
import { makeExternalOpener } from './electron/external';
import { originOf } from './shared/origin';
import { rendererDevUrl } from './electron/dev-url';

// Electron entry: thin on purpose. Everything testable lives in core/, api/ and transport/.
const here = dirname(fileURLToPath(import.meta.url));
// Only a development build (electron-vite dev) loads the renderer from its dev server.
const devUrl = rendererDevUrl(process.env.ELECTRON_RENDERER_URL, import.meta.env.DEV);
const trustedOrigins = devUrl ? [APP_ORIGIN, originOf(devUrl)!] : [APP_ORIGIN];
const openExternal = makeExternalOpener((url) => shell.openExternal(url));

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.setName('Poolscope');
hardenApp(app, { trustedOrigins, openExternal });

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;

function electronNativeBinding(): string | undefined {
  // Built side by side with the Node addon by scripts/native.mjs, so nobody rebuilds back and forth.
  const file = join(appRoot(), 'native', 'electron', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, makeAppProtocolHandler(join(appRoot(), 'out', 'renderer')));

  core = new Core({ dataDir: app.getPath('userData'), mode: 'electron', safeStorage, nativeBinding: electronNativeBinding() });
  // The clipboard is written here, in the main process, so "copy URL with password" never sends the password to the page.
  // The config export's folder is picked in a native dialog here, so the page never names a path to write to.
  const chooseFolder = async (title: string): Promise<string | null> => {
    const options = { title, buttonLabel: 'Save here', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  const handlers = createHandlers(core, { openExternal, writeClipboard: (text) => clipboard.writeText(text), chooseFolder });
  registerIpcTransport({ ipcMain, handlers, bus: core.bus, logger: core.logger, target: () => mainWindow?.webContents ?? null, trustedOrigins });

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Poolscope',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f7f8fa',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would open links in new windows; window.open is denied anyway, this closes the other door.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', () => app.quit());
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

process.on('unhandledRejection', (reason) => core?.logger.error('unhandled rejection', { error: reason as Error }));

start().catch((err: unknown) => {
  process.stderr.write(`Poolscope failed to start: ${(err as Error).message}\n`);
  app.exit(1);
});
