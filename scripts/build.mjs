// Builds main, preload and renderer (electron-vite) when the sources are newer than the output.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { log, newestMtime, root, run } from './lib.mjs';

const OUTPUTS = ['out/main/index.js', 'out/main/serve.js', 'out/main/cli.js', 'out/main/cjs/cli.cjs', 'out/preload/preload.cjs', 'out/renderer/index.html'].map((p) => join(root, p));
const SOURCES = ['src-main', 'src-renderer', 'resources', 'electron.vite.config.ts', 'package.json'].map((p) => join(root, p));

export function buildIsFresh() {
  if (!OUTPUTS.every((f) => existsSync(f))) return false;
  const oldestOutput = Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs));
  return newestMtime(SOURCES) <= oldestOutput;
}

/** `toStderr`: keep stdout clean for callers whose stdout is data (the CLI's --json). */
export async function ensureBuilt({ force = false, toStderr = false } = {}) {
  if (!force && buildIsFresh()) return;
  if (toStderr) process.stderr.write('[poolscope] Building the CLI (first run or sources changed)…\n');
  else log('Building (electron-vite: main, preload, renderer)…');
  const code = await run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    stdio: toStderr ? ['ignore', process.stderr, process.stderr] : 'inherit',
  });
  if (code !== 0) throw new Error(`The build failed (exit ${code}); the errors are above.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBuilt({ force: true }).catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
