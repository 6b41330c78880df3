// `npm run serve -- [--port N] [--data-dir DIR]`: the UI in a browser, over loopback only.
import { join } from 'node:path';
import { ensureDependencies } from './bootstrap.mjs';
import { ensureBuilt } from './build.mjs';
import { root, runForeground, warn } from './lib.mjs';

async function main() {
  await ensureDependencies();
  await ensureBuilt();
  runForeground(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...process.argv.slice(2)]);
}

main().catch((err) => {
  warn(err.message);
  process.exit(1);
});
