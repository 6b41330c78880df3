// Is the built CLI (out/main/cjs/cli.cjs) newer than every source it is built from? Run by
// bin/poolscope.cjs on every start, so it requires nothing but node:fs/node:path and stats as little
// as it can. CommonJS, like the bin: an ES module here would start Node's ES loader.
//
// The build writes out/main/cli-sources.txt (electron.vite.config.ts): the files bundled into the CLI
// and the folders holding them. When it is there, the check stats exactly those, plus the build's
// own inputs, and nothing else: an edited file (even written in place, which leaves its folder's
// mtime alone) is newer than the build; a deleted or renamed one is missing; a file added next to
// them changes its folder's mtime (it could change what an import resolves to); a new file the
// CLI imports needs an edit to a file it already bundles. A file outside that list cannot change the
// CLI. Without the list (a build by an older version) it walks the main-process sources as before.
// Outside a source checkout (no src-main) there is nothing to rebuild from, so the build is taken
// as it is.
'use strict';
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const CLI_SOURCES = ['src-main'];
const CLI_FILES = ['electron.vite.config.ts', 'package.json'];

/** The CLI as bin/poolscope.cjs runs it: electron.vite.config.ts writes it after out/main/cli.js. */
const BUILT = ['out', 'main', 'cjs', 'cli.cjs'];

/** True when the built CLI exists and no CLI source is newer than it. */
function cliIsFresh(root) {
  let built;
  try {
    built = statSync(join(root, ...BUILT)).mtimeMs;
  } catch {
    return false;
  }
  if (!existsSync(join(root, 'src-main'))) return true;
  let listed;
  try {
    listed = readFileSync(join(root, 'out', 'main', 'cli-sources.txt'), 'latin1');
  } catch {
    listed = undefined;
  }
  if (listed !== undefined) return listedAreOlder(root, listed, built);
  return walkIsOlder(root, built);
}

/** Every path listed (one a line, relative to root; `#` starts a comment) exists and is not newer than `built`. */
function listedAreOlder(root, listed, built) {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  for (const f of CLI_FILES) {
    const s = statSync(prefix + f, { throwIfNoEntry: false });
    if (s && s.mtimeMs > built) return false;
  }
  let start = 0;
  while (start < listed.length) {
    let end = listed.indexOf('\n', start);
    if (end < 0) end = listed.length;
    if (end > start && listed.charCodeAt(start) !== 35 /* # */) {
      const s = statSync(prefix + listed.slice(start, end), { throwIfNoEntry: false });
      if (!s || s.mtimeMs > built) return false;
    }
    start = end + 1;
  }
  return true;
}

/** No main-process source (test files aside) or folder of them is newer than `built`. */
function walkIsOlder(root, built) {
  const newer = (file) => {
    try {
      return statSync(file).mtimeMs > built;
    } catch {
      return false;
    }
  };
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        // A folder whose entries changed (a file added, removed or renamed) is newer too.
        if (newer(p) || walk(p)) return true;
      } else if (!/\.test\.tsx?$/.test(e.name) && newer(p)) return true;
    }
    return false;
  };
  return !CLI_FILES.some((f) => newer(join(root, f))) && !CLI_SOURCES.some((d) => newer(join(root, d)) || walk(join(root, d)));
}

exports.BUILT = BUILT;
exports.cliIsFresh = cliIsFresh;
