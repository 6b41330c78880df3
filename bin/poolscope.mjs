#!/usr/bin/env node
// The `poolscope` command line. Builds the CLI on first use (or after its sources changed), then runs it.
// The start is kept short: the freshness check stats the CLI's sources only (scripts/cli-fresh.mjs),
// and the build script (child processes, hashing) is imported only when a build is due.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliIsFresh } from '../scripts/cli-fresh.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');

if (!cliIsFresh(root)) {
  if (!existsSync(join(root, 'node_modules', 'electron-vite'))) {
    process.stderr.write('poolscope: dependencies are not installed. Run `npm install` (or `npm start`) first.\n');
    process.exit(3);
  }
  const { ensureBuilt } = await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
  // Build output goes to stderr so that `poolscope ... --json` stays machine-readable.
  await ensureBuilt({ force: true, toStderr: true });
}
await import(pathToFileURL(cli).href);
