import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/tmp';
import { CNF_CASES, type CnfCase } from './fixtures/mycnf-cases';
import { CnfError, optionsForGroups, printDefaults, readOptionFile, type CnfFs } from './mycnf';

/**
 * Differential: each case in fixtures/mycnf-cases.ts is printed by MariaDB's my_print_defaults
 * (the client library's own reader) and by Poolscope's; the option lists must be identical, and a
 * file the client refuses must be refused by both.
 */

const TOOL = spawnSync('my_print_defaults', ['--version'], { encoding: 'utf8' }).status === 0 ? 'my_print_defaults' : null;
const ci = process.env.CI === 'true' || process.env.CI === '1';

const realFs: CnfFs = {
  read: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  },
  list: (d) => {
    try {
      return readdirSync(d);
    } catch {
      return null;
    }
  },
  mode: (p) => {
    try {
      return statSync(p).mode;
    } catch {
      return null;
    }
  },
};

function write(c: CnfCase, dir: string): string {
  for (const [name, text] of Object.entries(c.files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    chmodSync(p, c.modes?.[name] ?? 0o600);
  }
  return join(dir, 'my.cnf');
}

function theirs(file: string, c: CnfCase): { options?: string[]; error?: boolean } {
  const args = [`--defaults-file=${file}`, ...(c.suffix ? [`--defaults-group-suffix=${c.suffix}`] : []), ...c.groups];
  // Includes are relative to the current folder for my_print_defaults; run it in the case's folder.
  const r = spawnSync(TOOL!, args, { encoding: 'utf8', cwd: dirname(file) });
  if (r.status !== 0) return { error: true };
  return { options: r.stdout.split('\n').filter((l) => l !== '') };
}

function ours(file: string, c: CnfCase): { options?: string[]; error?: boolean } {
  try {
    const read = readOptionFile(file, realFs);
    const groups = c.suffix ? [...c.groups, ...c.groups.map((g) => g + c.suffix)] : c.groups;
    return { options: printDefaults(optionsForGroups(read.options, groups)) };
  } catch (err) {
    if (err instanceof CnfError) return { error: true };
    throw err;
  }
}

describe('MySQL option files: Poolscope against my_print_defaults', () => {
  it('has the client tool to compare with', () => {
    if (!TOOL && ci) throw new Error('CI=true and my_print_defaults (mariadb-client) is not installed');
    if (!TOOL) process.stderr.write('\nmy_print_defaults missing: the option-file differential cases are SKIPPED\n');
    expect(TOOL === null || TOOL === 'my_print_defaults').toBe(true);
  });

  it.skipIf(!TOOL).each(CNF_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const dir = tempDir('poolscope-cnf-');
    try {
      const file = write(c, dir.path);
      const expected = theirs(file, c);
      expect(ours(file, c)).toEqual(expected);
      if (!expected.error) expect(expected.options!.length).toBeGreaterThan(0);
    } finally {
      dir.cleanup();
    }
  });
});
