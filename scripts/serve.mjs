// `npm run serve -- [--port N] [--data-dir DIR]`: the UI in a browser, over loopback only.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies } from './bootstrap.mjs';
import { ensureBuilt } from './build.mjs';
import { root, warn } from './lib.mjs';

async function main() {
  await ensureDependencies();
  await ensureBuilt();
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  warn(err.message);
  process.exit(1);
});
