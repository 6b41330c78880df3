// Shared helpers for the dependency-free scripts (they must run before node_modules exists).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const isWindows = process.platform === 'win32';
export const npmCmd = isWindows ? 'npm.cmd' : 'npm';

export function log(msg) {
  process.stdout.write(`\x1b[36m[poolscope]\x1b[0m ${msg}\n`);
}
export function warn(msg) {
  process.stderr.write(`\x1b[33m[poolscope]\x1b[0m ${msg}\n`);
}

/** Runs a command with inherited stdio; resolves with its exit code (never rejects). */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', shell: isWindows, ...opts });
    child.on('error', (err) => {
      warn(`${cmd} could not start: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs a long-lived child (the app, serve mode) in the foreground: inherited stdio, SIGINT and
 * SIGTERM handed on so that Ctrl+C or a service manager stops the child and not only this
 * launcher, and this process exits with the child's code.
 */
export function runForeground(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
  return child;
}

/** Runs a command and captures its output (also echoed), for retry decisions. */
export function runCapture(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: isWindows, ...opts });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('error', (err) => resolve({ code: 127, output: output + err.message }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

export function fileHash(...files) {
  const h = createHash('sha256');
  for (const f of files) h.update(existsSync(f) ? readFileSync(f) : `missing:${f}`);
  return h.digest('hex');
}

/** Newest modification time under the given paths (files or folders), in ms. */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) walk(join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

/** The Electron binary, when `npm install` could download it. */
export function electronBinary() {
  const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}
