import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The folder that holds package.json and resources/. Found by walking up from this module, so it
 * works the same from the TypeScript sources (tests, tsx) and from the built bundle in out/main.
 */
export function appRoot(): string {
  let dir = here;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`Poolscope could not find its resources folder above ${here}`);
}

export function resourcesDir(): string {
  return join(appRoot(), 'resources');
}

let cachedVersion: string | undefined;
export function appVersion(): string {
  if (!cachedVersion) {
    const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

/**
 * The per-user data folder, the same place Electron's `app.getPath('userData')` uses for an app
 * named Poolscope, so the desktop app, serve mode and the CLI share saved connections by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.POOLSCOPE_DATA_DIR) return resolve(env.POOLSCOPE_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Poolscope');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Poolscope');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Poolscope');
}
