'use strict';
// The main build bundles better-sqlite3's JavaScript (electron.vite.config.ts: one file instead of 13
// CommonJS modules at the CLI's start). better-sqlite3 finds its addon with
// require('bindings')('better_sqlite3.node'), and `bindings` looks next to the file that calls it,
// which would then be the bundle. This stands in for `bindings` there: it loads the real one from
// better-sqlite3's folder and names that folder as the root, so the search is the one made unbundled
// (build/, build/Debug/, build/Release/ ...).
const { createRequire } = require('node:module');
const { dirname } = require('node:path');

module.exports = function bindings(opts) {
  const fromHere = createRequire(__filename);
  const packageJson = fromHere.resolve('better-sqlite3/package.json');
  const fromPackage = createRequire(packageJson);
  const options = typeof opts === 'string' ? { bindings: opts } : { ...opts };
  options.module_root = dirname(packageJson);
  return fromPackage('bindings')(options);
};
