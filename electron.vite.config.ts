import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = dirname(fileURLToPath(import.meta.url));
const shared = resolve(root, 'src-main/shared');

export default defineConfig({
  // One main-side build with three entries: the Electron main process, serve mode and the CLI.
  // Serve mode and the CLI run on plain Node 20, so the target is node20, not Electron's Node.
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      target: 'node20',
      sourcemap: true,
      // zod is bundled (tree-shaken) rather than loaded from node_modules: its package entry
      // imports 106 modules (64 of them locales nobody here uses), which was a quarter of
      // `poolscope list`'s start. Everything else stays external.
      externalizeDeps: { exclude: ['zod'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          serve: resolve(root, 'src-main/serve.ts'),
          cli: resolve(root, 'src-main/cli.ts'),
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
