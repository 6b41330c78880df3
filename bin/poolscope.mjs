#!/usr/bin/env node
// The `poolscope` command line. Builds the CLI on first use (or after the sources changed), then runs it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');

const { buildIsFresh, ensureBuilt } = await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
if (!existsSync(cli) || !buildIsFresh()) {
  if (!existsSync(join(root, 'node_modules', 'electron-vite'))) {
    process.stderr.write('poolscope: dependencies are not installed. Run `npm install` (or `npm start`) first.\n');
    process.exit(3);
  }
  // Build output goes to stderr so that `poolscope ... --json` stays machine-readable.
  await ensureBuilt({ toStderr: true });
}
await import(pathToFileURL(cli).href);
