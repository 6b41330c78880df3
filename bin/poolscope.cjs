#!/usr/bin/env node
'use strict';
// The `poolscope` command line. Builds the CLI on first use (or after its sources changed), then runs it.
// The start is kept short: this file, the freshness check (scripts/cli-fresh.cjs: stats of the CLI's
// sources only) and the CLI itself (out/main/cjs/cli.cjs) are CommonJS, so Node's ES loader never
// starts for `list` or `--help`; the CLI's files are loaded with a V8 code cache (scripts/cli-load.cjs).
// The build script (an ES module: child processes, hashing) is imported only when a build is due.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { BUILT, cliIsFresh } = require('../scripts/cli-fresh.cjs');
const { runCli } = require('../scripts/cli-load.cjs');

const root = join(__dirname, '..');
const cli = join(root, ...BUILT);

if (cliIsFresh(root)) runCli(cli);
else buildThenRun();

function buildThenRun() {
  if (!existsSync(join(root, 'node_modules', 'electron-vite'))) {
    process.stderr.write('poolscope: dependencies are not installed. Run `npm install` (or `npm start`) first.\n');
    process.exit(3);
  }
  const { pathToFileURL } = require('node:url');
  import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href)
    // Build output goes to stderr so that `poolscope ... --json` stays machine-readable.
    .then(({ ensureBuilt }) => ensureBuilt({ force: true, toStderr: true }))
    .then(
      () => runCli(cli),
      (err) => {
        process.stderr.write(`poolscope: ${err.message}\n`);
        process.exit(3);
      },
    );
}
