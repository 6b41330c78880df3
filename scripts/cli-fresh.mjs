// Is out/main/cli.js newer than every source it is built from? Run by bin/poolscope.mjs on every start,
// so it imports nothing but node:fs/node:path and stats as little as it can: only the main-process
// sources (the renderer is not in the CLI), no test files, one readdir per folder, and it stops at
// the first source newer than the build. Outside a source checkout (no src-main) there is nothing
// to rebuild from, so the build is taken as it is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CLI_SOURCES = ['src-main'];
const CLI_FILES = ['electron.vite.config.ts', 'package.json'];

/** True when `out/main/cli.js` exists and no CLI source is newer than it. */
export function cliIsFresh(root) {
  let built;
  try {
    built = statSync(join(root, 'out', 'main', 'cli.js')).mtimeMs;
  } catch {
    return false;
  }
  if (!existsSync(join(root, 'src-main'))) return true;
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
