// Builds better-sqlite3 for Electron's ABI beside the Node build (native/electron/), so the Node
// side (tests, serve mode, CLI) and the desktop app each load their own addon through
// better-sqlite3's `nativeBinding` option and nobody rebuilds back and forth.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { electronBinary, log, npmCmd, root, run, warn } from './lib.mjs';

const OUT_DIR = join(root, 'native', 'electron');
const OUT = join(OUT_DIR, 'better_sqlite3.node');
const STAMP = join(OUT_DIR, 'built-for.json');

/** npm bundles node-gyp; use that copy rather than downloading one. */
function nodeGyp() {
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(bundled)) return { cmd: process.execPath, args: [bundled] };
  return { cmd: npmCmd, args: ['exec', '--', 'node-gyp'] };
}

export async function ensureElectronNative() {
  if (!electronBinary()) return false;
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
  const want = JSON.stringify({ electron: electronVersion, betterSqlite3: sqliteVersion, arch: process.arch });
  if (existsSync(OUT) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === want) return true;
  log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (side by side with the Node build).`);
  const work = mkdtempSync(join(tmpdir(), 'poolscope-native-'));
  try {
    cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true });
    rmSync(join(work, 'build'), { recursive: true, force: true });
    const gyp = nodeGyp();
    const code = await run(
      gyp.cmd,
      [...gyp.args, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
      { cwd: work, env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' } },
    );
    if (code !== 0) {
      warn('Building better-sqlite3 for Electron failed; the desktop app cannot open its store until it is built. Serve mode is unaffected.');
      return false;
    }
    mkdirSync(OUT_DIR, { recursive: true });
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), OUT);
    writeFileSync(STAMP, want);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureElectronNative().then((ok) => {
    if (!ok && !electronBinary()) log('Electron is not installed here: nothing to build.');
    process.exit(ok || !electronBinary() ? 0 : 1);
  });
}
