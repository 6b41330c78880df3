import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | null | undefined;

/**
 * better-sqlite3's folder as Node's resolution finds it from here: the first node_modules/better-sqlite3
 * up the folders (with its package.json). A few existsSync calls instead of `require.resolve`, which
 * reads package.json files and realpaths on the way (1.5 to 5 ms of `poolscope list`). Not found
 * (NODE_PATH, a global folder): the caller resolves.
 */
function packageDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', 'better-sqlite3');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * better-sqlite3's native addon, found where its install puts it. Given to `new Database` as
 * `nativeBinding`, it spares the `bindings` package's search (it derives the package root from a
 * stack trace and tries a dozen paths: about 5 ms of `poolscope list`'s start). The same file that
 * search would find: build/Release, unless a build/ or build/Debug addon (which it tries first)
 * exists, when this gives undefined and better-sqlite3 searches as usual.
 */
export function installedSqliteAddon(): string | undefined {
  if (found === undefined) {
    found = null;
    try {
      const build = join(packageDir() ?? join(dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..'), 'build');
      const release = join(build, 'Release', 'better_sqlite3.node');
      if (!existsSync(join(build, 'better_sqlite3.node')) && !existsSync(join(build, 'Debug', 'better_sqlite3.node')) && existsSync(release)) found = release;
    } catch {
      // Not resolvable from here (an unusual layout): let better-sqlite3 find it.
    }
  }
  return found ?? undefined;
}
