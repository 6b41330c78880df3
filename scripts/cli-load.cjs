// Loads the built CLI (out/main/cjs: CommonJS files with relative requires between them) with a V8
// code cache, for bin/poolscope.cjs. Node 20 has no compile cache of its own (module.enableCompileCache
// is Node 22), so each start compiles the CLI's files again. Here each file of the bundle is compiled
// with vm.Script and the cached data saved at exit (after the command ran, so it also holds the
// functions compiled while running); the next start hands it back to V8.
//
// V8 checks the cached data against its own version and flags (and rejects it then), but of the
// source it checks the length only: each cache file therefore starts with the source file's size,
// mtime and inode, and is used only while all three match. A build empties out/main/cjs, caches with it. If the
// folder cannot be written (an installed copy owned by someone else) nothing is cached and every
// start compiles, as `require` does.
//
// Requires that leave the bundle (node: builtins, npm packages) go through Node's own `require`.
'use strict';
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { basename, dirname, join, resolve } = require('node:path');
const { Script } = require('node:vm');

const HEADER = 32; // the source's size, mtime and inode as float64, then room to grow

/**
 * A loader for the CommonJS files under `root`, caching compiled code in `cacheDir`. `fromCache` lists
 * the files whose cached code V8 took.
 */
function createLoader(root, cacheDir) {
  const modules = new Map();
  const toSave = [];
  const fromCache = [];
  const inBundle = (file) => file.startsWith(root);

  function stamp(file) {
    const s = statSync(file);
    const b = Buffer.alloc(HEADER);
    b.writeDoubleLE(s.size, 0);
    b.writeDoubleLE(s.mtimeMs, 8);
    b.writeDoubleLE(s.ino, 16);
    return b;
  }

  function cached(cacheFile, header) {
    try {
      const data = readFileSync(cacheFile);
      return data.length > HEADER && data.subarray(0, HEADER).equals(header) ? data.subarray(HEADER) : undefined;
    } catch {
      return undefined;
    }
  }

  function load(file) {
    const known = modules.get(file);
    if (known) return known.exports;
    const module = { exports: {}, filename: file, id: file, loaded: false };
    modules.set(file, module);
    const header = stamp(file);
    const cacheFile = join(cacheDir, `${basename(file)}.v8`);
    const cachedData = cached(cacheFile, header);
    const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
    if (!cachedData || script.cachedDataRejected) toSave.push({ script, cacheFile, header });
    else fromCache.push(file);
    const nodeRequire = createRequire(file);
    const localRequire = (id) => {
      if (id.startsWith('./') || id.startsWith('../')) {
        const target = resolve(dirname(file), id);
        if (inBundle(target) && target.endsWith('.cjs')) return load(target);
      }
      return nodeRequire(id);
    };
    localRequire.resolve = nodeRequire.resolve;
    localRequire.cache = nodeRequire.cache;
    script.runInThisContext()(module.exports, localRequire, module, file, dirname(file));
    module.loaded = true;
    return module.exports;
  }

  /** Writes the code of every file compiled without a usable cache; a failure only means no cache. */
  function save() {
    if (toSave.length === 0) return;
    try {
      mkdirSync(cacheDir, { recursive: true });
      for (const { script, cacheFile, header } of toSave.splice(0)) {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
        renameSync(tmp, cacheFile);
      }
    } catch {
      // A read-only install, a full disk: the next start compiles again.
    }
  }

  return { load, save, fromCache };
}

/** Runs the CLI's entry file, and saves the code cache when the process exits. */
function runCli(entry) {
  const root = dirname(entry);
  const loader = createLoader(root, join(root, '.v8-cache'));
  process.once('exit', loader.save);
  loader.load(entry);
}

exports.createLoader = createLoader;
exports.runCli = runCli;
