// Installs dependencies when they are missing or stale, without needing any of them to run.
// Electron's install step downloads its binary from GitHub; where that is impossible the install
// is done with the download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1) and the user is told so.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { electronBinary, fileHash, log, npmCmd, root, runCapture, warn } from './lib.mjs';
import { ensureElectronNative } from './native.mjs';

const STAMP = join(root, 'node_modules', '.poolscope-deps');

function wantedStamp() {
  return fileHash(join(root, 'package.json'), join(root, 'package-lock.json'));
}

export function dependenciesFresh() {
  return (
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8') === wantedStamp() &&
    existsSync(join(root, 'node_modules', '.bin', 'electron-vite')) &&
    existsSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))
  );
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

export async function ensureDependencies() {
  if (dependenciesFresh()) return;
  log(existsSync(join(root, 'node_modules')) ? 'Dependencies changed: installing.' : 'Installing dependencies (first run; better-sqlite3 may compile for about a minute).');
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
