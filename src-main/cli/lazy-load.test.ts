import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from '../../test/tmp';
// @ts-expect-error a plain CommonJS script without types
import { BUILT, cliIsFresh } from '../../scripts/cli-fresh.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HEAVY = ['pg', 'mysql2', 'better-sqlite3', 'ssh2'];

/**
 * A module-loading hook for the child process: it appends every file URL the process loads (ES
 * modules: our sources under tsx) to the file named by POOLSCOPE_TRACE_MODULES, one per line.
 */
const TRACE_HOOK = `data:text/javascript,${encodeURIComponent(`
  import { register } from 'node:module';
  register('data:text/javascript,' + encodeURIComponent(\`
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      if (url.startsWith('file:')) appendFileSync(process.env.POOLSCOPE_TRACE_MODULES, url + '\\\\n');
      return next(url, context);
    }
  \`));
`)}`;

/**
 * Runs the CLI in a fresh Node process and returns the npm packages that process loaded (Node's
 * CommonJS cache holds every one of them: the drivers and ssh2 are CommonJS) and our own source
 * modules (paths under src-main/) it loaded.
 */
function loadedPackages(argv: string[], dataDir: string): { code: number; packages: string[]; sources: string[] } {
  const script = `
    import { createRequire } from 'node:module';
    const { runCli } = await import(${JSON.stringify(pathToFileURL(join(root, 'src-main', 'cli', 'main.ts')).href)});
    const code = await runCli(${JSON.stringify(argv)}, { out: () => {}, err: () => {} });
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const names = cache.filter((k) => k.includes('/node_modules/')).map((k) => k.split('/node_modules/').pop().split('/')[0]);
    process.stdout.write(JSON.stringify({ code, packages: [...new Set(names)] }));
  `;
  const trace = join(dataDir, '..', `modules-${process.pid}-${Date.now()}.txt`);
  writeFileSync(trace, '');
  try {
    const r = spawnSync(process.execPath, ['--import', TRACE_HOOK, '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, POOLSCOPE_DATA_DIR: dataDir, POOLSCOPE_TRACE_MODULES: trace },
    });
    expect(r.status, r.stderr).toBe(0);
    const srcMain = pathToFileURL(join(root, 'src-main')).href + '/';
    const sources = [...new Set(readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith(srcMain)).map((u) => u.slice(srcMain.length).split('?')[0]!))];
    return { ...(JSON.parse(r.stdout) as { code: number; packages: string[] }), sources };
  } finally {
    rmSync(trace, { force: true });
  }
}

/** Parts of the core a command that only reads saved connections must not load (nor construct). */
const NOT_FOR_READERS = ['core/core.ts', 'core/pools/', 'core/lab/', 'core/connections/import/', 'core/ssh/', 'core/drivers/', 'core/introspect/', 'core/checks/'];

describe('the command line loads a command, and a driver, only when it is used', () => {
  it('--help, --version and a mistyped command load no driver, no store and no ssh2', () => {
    const d = tempDir();
    try {
      for (const argv of [['--help'], ['--version'], ['lst']]) {
        const r = loadedPackages(argv, d.path);
        expect(r.code, argv[0]).toBe(argv[0] === 'lst' ? 2 : 0);
        for (const p of HEAVY) expect(r.packages, `${argv[0]} loaded ${p}`).not.toContain(p);
      }
      // `list` opens the store (better-sqlite3: this shows the check sees what a command loads) and
      // connects nowhere, so no network driver and no ssh2 is loaded.
      const list = loadedPackages(['list', '--data-dir', d.path], d.path);
      expect(list.code).toBe(0);
      expect(list.packages).toContain('better-sqlite3');
      for (const p of ['pg', 'mysql2', 'ssh2']) expect(list.packages, `list loaded ${p}`).not.toContain(p);
      // ... and it opens the store alone: no pool registry, lab, import service, tunnel manager or driver module.
      expect(list.sources).toContain('core/app-store.ts');
      for (const part of NOT_FOR_READERS) expect(list.sources.filter((s) => s.startsWith(part)), `list loaded ${part}`).toEqual([]);
      // `url` of a saved connection reads the same store and nothing more.
      const url = loadedPackages(['url', 'Demo (SQLite)', '--data-dir', d.path], d.path);
      expect(url.code).toBe(0);
      expect(url.sources).toContain('core/app-store.ts');
      for (const part of NOT_FOR_READERS) expect(url.sources.filter((s) => s.startsWith(part)), `url loaded ${part}`).toEqual([]);
      for (const p of ['pg', 'mysql2', 'ssh2']) expect(url.packages, `url loaded ${p}`).not.toContain(p);
      // The check sees what a command loads: `check` opens the whole core.
      const check = loadedPackages(['check', 'Demo (SQLite)', '--data-dir', d.path], d.path);
      expect(check.sources).toContain('core/core.ts');
      expect(check.sources.some((s) => s.startsWith('core/pools/'))).toBe(true);
    } finally {
      d.cleanup();
    }
  }, 60_000);
});

/**
 * A preload for the built (CommonJS) CLI: when the process exits it writes every file in the require
 * cache (every module it loaded) to the file named by POOLSCOPE_TRACE_MODULES, one per line.
 */
const TRACE_REQUIRES = `process.on('exit', () => require('node:fs').writeFileSync(process.env.POOLSCOPE_TRACE_MODULES, Object.keys(require.cache).join('\\n')));`;

describe('the built `poolscope list` on a folder it has read before', () => {
  it('loads no zod: its saved rows carry the stamp of the schema that accepted them', () => {
    // Run only against a build of these sources (bin/poolscope.cjs would rebuild first).
    if (!cliIsFresh(root)) return;
    const d = tempDir();
    const trace = join(d.path, 'modules.txt');
    const preload = join(d.path, 'trace.cjs');
    try {
      const env = { ...process.env, POOLSCOPE_DATA_DIR: join(d.path, 'data'), POOLSCOPE_TRACE_MODULES: trace };
      mkdirSync(env.POOLSCOPE_DATA_DIR, { recursive: true });
      writeFileSync(preload, TRACE_REQUIRES);
      const cli = join(root, ...(BUILT as string[]));
      // The first start creates the demo through the schema (and stamps it).
      expect(spawnSync(process.execPath, [cli, 'list'], { env, encoding: 'utf8' }).status).toBe(0);
      const r = spawnSync(process.execPath, ['--require', preload, cli, 'list', '--json'], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as Array<{ name: string }>).map((c) => c.name)).toEqual(['Demo (SQLite)']);
      const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
      const built = loaded.filter((f) => f.startsWith(join(root, 'out')));
      expect(built.length).toBeGreaterThan(3);
      // zod is bundled; the CommonJS rebuild drops the ES build's `//#region node_modules/zod/...`
      // comments, so a chunk holding it is told by zod's own class names.
      expect(loaded.filter((f) => f.includes('/node_modules/zod/'))).toEqual([]);
      expect(built.filter((f) => readFileSync(f, 'utf8').includes('$ZodType'))).toEqual([]);
    } finally {
      d.cleanup();
    }
  }, 60_000);
});

describe('the start-up freshness check of bin/poolscope.cjs', () => {
  it('is stale without a build, fresh after it, stale again when a source is edited or added', () => {
    const d = tempDir();
    try {
      const r = d.path;
      mkdirSync(join(r, 'src-main', 'core'), { recursive: true });
      writeFileSync(join(r, 'src-main', 'core', 'a.ts'), 'export {};');
      writeFileSync(join(r, 'package.json'), '{}');
      expect(cliIsFresh(r)).toBe(false);
      mkdirSync(join(r, 'out', 'main', 'cjs'), { recursive: true });
      writeFileSync(join(r, ...(BUILT as string[])), '');
      const past = new Date(Date.now() - 60_000);
      for (const p of ['src-main', 'src-main/core', 'src-main/core/a.ts', 'package.json']) utimesSync(join(r, p), past, past);
      expect(cliIsFresh(r)).toBe(true);
      // A test file is not part of the build.
      writeFileSync(join(r, 'src-main', 'core', 'a.test.ts'), '');
      utimesSync(join(r, 'src-main', 'core'), past, past);
      expect(cliIsFresh(r)).toBe(true);
      const future = new Date(Date.now() + 60_000);
      utimesSync(join(r, 'src-main', 'core', 'a.ts'), future, future);
      expect(cliIsFresh(r)).toBe(false);
      utimesSync(join(r, 'src-main', 'core', 'a.ts'), past, past);
      expect(cliIsFresh(r)).toBe(true);
      writeFileSync(join(r, 'src-main', 'core', 'b.ts'), '');
      utimesSync(join(r, 'src-main', 'core', 'b.ts'), past, past);
      utimesSync(join(r, 'src-main', 'core'), future, future);
      expect(cliIsFresh(r)).toBe(false);
    } finally {
      d.cleanup();
    }
  });

  it('with the build\'s list of CLI sources, stats those: an in-place edit, a removal or an addition next to them is stale, any other file is not', () => {
    const d = tempDir();
    try {
      const r = d.path;
      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 60_000);
      mkdirSync(join(r, 'src-main', 'core'), { recursive: true });
      mkdirSync(join(r, 'src-main', 'renderer-only'), { recursive: true });
      mkdirSync(join(r, 'out', 'main', 'cjs'), { recursive: true });
      for (const f of ['src-main/core/a.ts', 'src-main/core/b.ts', 'src-main/renderer-only/x.ts', 'package.json']) writeFileSync(join(r, f), 'export {};');
      writeFileSync(join(r, ...(BUILT as string[])), '');
      writeFileSync(join(r, 'out', 'main', 'cli-sources.txt'), '# comment\nsrc-main/core\nsrc-main/core/a.ts\nsrc-main/core/b.ts\n');
      const age = () => {
        for (const p of ['src-main', 'src-main/core', 'src-main/core/a.ts', 'src-main/core/b.ts', 'src-main/renderer-only', 'src-main/renderer-only/x.ts', 'package.json']) utimesSync(join(r, p), past, past);
      };
      age();
      expect(cliIsFresh(r)).toBe(true);
      // A file the CLI does not bundle, and its folder, may change without a rebuild.
      utimesSync(join(r, 'src-main', 'renderer-only', 'x.ts'), future, future);
      utimesSync(join(r, 'src-main', 'renderer-only'), future, future);
      expect(cliIsFresh(r)).toBe(true);
      // A bundled file edited in place: its folder's mtime does not move, the file's does.
      age();
      utimesSync(join(r, 'src-main', 'core', 'b.ts'), future, future);
      expect(cliIsFresh(r)).toBe(false);
      // A file added (or renamed) next to bundled ones changes their folder.
      age();
      utimesSync(join(r, 'src-main', 'core'), future, future);
      expect(cliIsFresh(r)).toBe(false);
      // A bundled file removed.
      age();
      rmSync(join(r, 'src-main', 'core', 'a.ts'));
      utimesSync(join(r, 'src-main', 'core'), past, past);
      expect(cliIsFresh(r)).toBe(false);
      writeFileSync(join(r, 'src-main', 'core', 'a.ts'), 'export {};');
      age();
      expect(cliIsFresh(r)).toBe(true);
      // The build's own inputs still count.
      utimesSync(join(r, 'package.json'), future, future);
      expect(cliIsFresh(r)).toBe(false);
    } finally {
      d.cleanup();
    }
  });

  it('the build lists the files bundled into the CLI', () => {
    const listed = join(root, 'out', 'main', 'cli-sources.txt');
    if (!existsSync(listed)) return; // no build in this checkout (the check then walks src-main)
    const lines = readFileSync(listed, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const f of ['src-main/cli.ts', 'src-main/cli/main.ts', 'src-main/cli/commands/list.ts', 'src-main/core/app-store.ts', 'src-main/shared/profile.ts', 'src-main/core', 'src-main/cli/commands']) expect(lines).toContain(f);
    expect(lines.filter((l) => l.startsWith('src-renderer'))).toEqual([]);
  });
});
