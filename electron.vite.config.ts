import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { build as rolldownBuild } from 'rolldown';

const root = dirname(fileURLToPath(import.meta.url));
const shared = resolve(root, 'src-main/shared');

const STORE_CHUNK = /node_modules[\\/]better-sqlite3[\\/]|src-main[\\/](core[\\/](app-store|lazy-require|db[\\/]|demo[\\/]|logging[\\/]logger\.|connections[\\/](store|secrets|secret-store|last-test|profile-stamp|url-secrets-migration)\.)|shared[\\/](url-secrets|groups|conn-test|backends|profile-vocab)\.)/;

/**
 * The identity of the saved-profile schema in this build (core/connections/profile-stamp.ts): a
 * digest of everything in src-main/shared (the schema and all it imports live there; a unit test
 * keeps it so) and of the zod version. A saved row stamped by another identity is checked again.
 */
function profileSchemaTag(): string {
  const hash = createHash('sha256');
  const files = (readdirSync(shared, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)).sort();
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(join(shared, f))).update('\0');
  hash.update(JSON.parse(readFileSync(join(root, 'node_modules', 'zod', 'package.json'), 'utf8')).version as string);
  return hash.digest('base64url').slice(0, 16);
}

/**
 * Writes out/main/cli-sources.txt: every file bundled into the CLI (the `cli` entry and every chunk it
 * imports, statically or with import()), and the folders holding them, one path a line, relative to
 * the repository. bin/poolscope.cjs stats these (scripts/cli-fresh.cjs) to tell whether the CLI must be
 * rebuilt, instead of walking all of src-main on every start.
 */
function cliSourcesList() {
  return {
    name: 'poolscope-cli-sources',
    generateBundle(_options: unknown, bundle: Record<string, { type: string; isEntry?: boolean; name?: string; imports?: string[]; dynamicImports?: string[]; moduleIds?: string[] }>) {
      const entry = Object.keys(bundle).find((f) => bundle[f]!.type === 'chunk' && bundle[f]!.isEntry && bundle[f]!.name === 'cli');
      if (!entry) return;
      const seen = new Set<string>();
      const files = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = bundle[fileName];
        if (!chunk || chunk.type !== 'chunk' || seen.has(fileName)) return;
        seen.add(fileName);
        for (const id of chunk.moduleIds ?? []) if (id.startsWith(root + sep)) files.add(relative(root, id.split('?')[0]!));
        for (const f of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(f);
      };
      visit(entry);
      const dirs = new Set([...files].map((f) => dirname(f)));
      const lines = ['# Files bundled into the CLI and their folders (scripts/cli-fresh.cjs stats them).', ...[...dirs].sort(), ...[...files].sort()];
      (this as unknown as { emitFile(f: { type: 'asset'; fileName: string; source: string }): void }).emitFile({ type: 'asset', fileName: 'cli-sources.txt', source: `${lines.join('\n')}\n` });
    },
  };
}

/**
 * Writes the command line again as CommonJS, to out/main/cjs/cli.cjs (and its chunks), from the ES
 * build of it just written: the same modules, chunks and dynamic imports, the same bundled zod and
 * better-sqlite3. bin/poolscope.cjs runs this one. A process whose entry is an ES module starts
 * Node's ES loader (about 13 ms before any code of ours), and the loader reads, compiles and links
 * each module asynchronously; `require` of CommonJS does neither: `poolscope list` took about 20 ms
 * less CPU as CommonJS (2026-12-05). Rebuilding from the ES output keeps one place (above) where
 * the main build is configured; the Electron main process and serve mode stay ES modules.
 */
function cliAsCommonJs() {
  let outDir = '';
  return {
    name: 'poolscope-cli-cjs',
    apply: 'build' as const,
    configResolved(config: { build: { outDir: string } }) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const dir = join(outDir, 'cjs');
      rmSync(dir, { recursive: true, force: true });
      await rolldownBuild({
        input: { cli: join(outDir, 'cli.js') },
        platform: 'node',
        logLevel: 'warn',
        // What the ES build left external (node: builtins, npm packages) stays external; our chunks are read in.
        external: (id: string) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
        output: { dir, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name].cjs' },
      });
    },
  };
}

export default defineConfig({
  // One main-side build with three entries: the Electron main process, serve mode and the CLI.
  // Serve mode and the CLI run on plain Node 20, so the target is node20, not Electron's Node.
  main: {
    resolve: {
      alias: [
        { find: '@shared', replacement: shared },
        // better-sqlite3 is bundled (below); its call to `bindings` goes through this stand-in.
        { find: /^bindings$/, replacement: resolve(root, 'src-main/core/db/sqlite-bindings.cjs') },
      ],
    },
    plugins: [cliSourcesList(), cliAsCommonJs()],
    define: { __POOLSCOPE_PROFILE_SCHEMA__: JSON.stringify(profileSchemaTag()) },
    build: {
      target: 'node20',
      sourcemap: true,
      // zod is bundled (tree-shaken) rather than loaded from node_modules: its package entry
      // imports 106 modules (64 of them locales nobody here uses), which was a quarter of
      // `poolscope list`'s start. Everything else stays external.
      // better-sqlite3's JavaScript too: required from node_modules it is 13 CommonJS files, each
      // resolved and looked up on its own (10 to 15 ms of `poolscope list`); its addon still loads
      // from node_modules (src-main/core/db/sqlite-bindings.cjs).
      externalizeDeps: { exclude: ['zod', 'better-sqlite3'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          serve: resolve(root, 'src-main/serve.ts'),
          cli: resolve(root, 'src-main/cli.ts'),
        },
        output: {
          codeSplitting: {
            groups: [
              {
                // The saved-connection store and what it imports, as one chunk: `poolscope list` loads
                // this and nothing else past the command line's own modules. Node's ES loader reads,
                // resolves and links each file on its own, about a millisecond apiece at start.
                name: 'store',
                test: STORE_CHUNK,
                includeDependenciesRecursively: false,
              },
            ],
          },
        },
      },
    },
  },
  // Sandboxed preloads cannot load modules: bundle everything into one CommonJS file.
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    resolve: { alias: { '@shared': shared } },
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      sourcemap: false,
      // Minified: serve mode sends this over the wire (and Electron parses less).
      minify: true,
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
