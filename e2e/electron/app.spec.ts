import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function electronBinary(): string | null {
  const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const REASON =
  'The Electron binary is not installed on this machine (its install step downloads it from GitHub, which is unreachable here). ' +
  'These specs run wherever `npm install` could fetch Electron; the same UI and core are covered by the web specs in serve mode.';

test.describe('desktop shell (Electron)', () => {
  // Skipped only where the Electron binary is missing, with REASON in the report.
  test.skip(!binary, REASON);

  test('creates one hardened window that loads the app', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'poolscope-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [root, `--user-data-dir=${userData}`] });
    try {
      const win = await app.firstWindow();
      await expect(win.getByTestId('app')).toBeVisible();
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // Isolated, sandboxed, no Node: the page sees neither require, process nor Electron's ipcRenderer.
      const page = await win.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        ipc: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
        origin: location.origin,
      }));
      expect(page).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined', origin: 'app://poolscope' });
      // window.open is denied by the window-open handler.
      expect(await win.evaluate(() => window.open('https://example.com') === null)).toBe(true);
      // Every permission request is denied by default.
      expect(await win.evaluate(() => Notification.requestPermission())).toBe('denied');
      expect(await win.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'granted', () => 'denied'))).toBe('denied');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('the preload bridge exposes one function per contract method and nothing raw', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'poolscope-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [root, `--user-data-dir=${userData}`] });
    try {
      const win = await app.firstWindow();
      const shape = await win.evaluate(async () => {
        const api = (window as unknown as { poolscope: { transport: string; methods: Record<string, (i?: unknown) => Promise<{ ok: boolean; value: { name: string } }>> } }).poolscope;
        const info = await api.methods['app.info']!({});
        return { transport: api.transport, keys: Object.keys(api), methods: Object.keys(api.methods), info: info.ok && info.value.name };
      });
      expect(shape.transport).toBe('ipc');
      expect(shape.keys.sort()).toEqual(['methods', 'on', 'transport']);
      expect(shape.methods).toContain('connections.list');
      expect(shape.info).toBe('Poolscope');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
