import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { installedSqliteAddon } from './sqlite-addon';

describe('installedSqliteAddon', () => {
  it('is the addon of the better-sqlite3 that require.resolve finds from here', () => {
    const pkg = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..');
    const release = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    // The path is only given when build/Release holds the addon the bindings search would pick.
    if (!existsSync(release) || existsSync(join(pkg, 'build', 'better_sqlite3.node')) || existsSync(join(pkg, 'build', 'Debug', 'better_sqlite3.node'))) {
      expect(installedSqliteAddon()).toBeUndefined();
    } else {
      expect(installedSqliteAddon()).toBe(release);
    }
  });
});
