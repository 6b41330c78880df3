// `npm start`: install what is missing, build, and open the desktop app. Where Electron's
// binary is missing (it could not be downloaded), say why and run serve mode instead.
import { join } from 'node:path';
import { ensureDependencies } from './bootstrap.mjs';
import { ensureBuilt } from './build.mjs';
import { electronBinary, log, root, runForeground, warn } from './lib.mjs';

async function main() {
  await ensureDependencies();
  await ensureBuilt();
  const electron = electronBinary();
  const passThrough = process.argv.slice(2);
  if (electron && process.env.POOLSCOPE_FORCE_SERVE !== '1') {
    log('Opening the Poolscope desktop app.');
    runForeground(electron, [root, ...passThrough], { env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
    return;
  }
  warn(
    electron
      ? 'POOLSCOPE_FORCE_SERVE=1: running serve mode instead of the desktop app.'
      : "The Electron binary is not installed (it could not be downloaded when dependencies were installed), so the desktop window cannot open. Running Poolscope as a loopback web app instead: open the URL below in a browser.",
  );
  const canOpen = process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const args = [join(root, 'out', 'main', 'serve.js'), ...(canOpen ? ['--open'] : []), ...passThrough];
  runForeground(process.execPath, args);
}

main().catch((err) => {
  warn(err.message);
  process.exit(1);
});
