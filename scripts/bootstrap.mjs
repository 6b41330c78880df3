// Installs dependencies when they are missing or stale, without needing any of them to run.
// Electron's install step downloads its binary from GitHub; where that is impossible the install
// is done with the download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1) and the user is told so.
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { electronBinary, fileHash, log, npmCmd, root, runCapture, warn } from './lib.mjs';
import { ensureElectronNative } from './native.mjs';

const STAMP = join(root, 'node_modules', '.poolscope-deps');

/** What decides the contents of node_modules: the dependency fields of package.json and the lockfile (not the scripts). */
function wantedStamp() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const relevant = JSON.stringify({ dependencies: pkg.dependencies, devDependencies: pkg.devDependencies, allowScripts: pkg.allowScripts, engines: pkg.engines });
  return createHash('sha256').update(relevant).update(fileHash(join(root, 'package-lock.json'))).digest('hex');
}

/** Why the installed dependencies are not usable as they are, or null when they are. */
export function staleReason() {
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(STAMP)) return 'no install stamp (node_modules was not installed by this script)';
  if (readFileSync(STAMP, 'utf8') !== wantedStamp()) return 'the dependencies in package.json or package-lock.json changed since the last install';
  if (!existsSync(join(root, 'node_modules', '.bin', 'electron-vite'))) return 'electron-vite is missing from node_modules';
  if (!existsSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) return "better-sqlite3's native addon is missing";
  return null;
}

export function dependenciesFresh() {
  return staleReason() === null;
}

/** Can Electron's binary be downloaded from here? A quick HEAD request to its download host. */
function electronDownloadReachable() {
  const mirror = process.env.ELECTRON_MIRROR || 'https://github.com/';
  return new Promise((resolve) => {
    let url;
    try {
      url = new URL(mirror);
    } catch {
      return resolve(false);
    }
    const req = request({ host: url.hostname, port: url.port || 443, path: '/', method: 'HEAD', timeout: 4000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function install(env) {
  const args = existsSync(join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  log(`npm ${args.join(' ')}${env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (without the Electron binary)' : ''}`);
  return runCapture(npmCmd, args, { env: { ...process.env, ...env } });
}

/** Records the current dependency set as installed (after an install done by other means, e.g. CI's npm ci). */
export function writeStamp() {
  writeFileSync(STAMP, wantedStamp());
}

export async function ensureDependencies() {
  const reason = staleReason();
  if (reason === null) return;
  // A node_modules that is a symlink is shared with another checkout: `npm ci` would empty the
  // other checkout's install under it. Say so and leave it alone.
  if (existsSync(join(root, 'node_modules')) && lstatSync(join(root, 'node_modules')).isSymbolicLink()) {
    warn(`Dependencies look stale (${reason}), but node_modules is a symlink to another checkout's install; not reinstalling through it. Run npm ci where it lives.`);
    return;
  }
  log(existsSync(join(root, 'node_modules')) ? `Installing dependencies: ${reason}.` : 'Installing dependencies (first run; better-sqlite3 may compile for about a minute).');
  let skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1';
  if (!skip && !(await electronDownloadReachable())) {
    warn("Electron's download server is unreachable from this machine: installing without the Electron binary. Poolscope will run as a loopback web app (serve mode) instead.");
    skip = true;
  }
  let result = await install(skip ? { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } : {});
  if (result.code !== 0 && !skip && /electron/i.test(result.output)) {
    warn("Installing Electron's binary failed (its install step downloads from GitHub). Retrying with the download skipped; Poolscope will use serve mode.");
    result = await install({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
  }
  if (result.code !== 0) {
    throw new Error(`npm install failed (exit ${result.code}). The output above says why; fix it and run the command again.`);
  }
  writeFileSync(STAMP, wantedStamp());
  if (electronBinary()) await ensureElectronNative();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureDependencies().catch((err) => {
    warn(err.message);
    process.exit(1);
  });
}
