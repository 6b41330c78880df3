import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));
const alias = { '@shared': resolve(root, 'src-main/shared') };

export default defineConfig({
  resolve: { alias },
  test: {
    // A stray promise rejection or exception anywhere fails the run (Vitest's default, stated here on purpose).
    dangerouslyIgnoreUnhandledErrors: false,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
          environment: 'node',
          setupFiles: [resolve(root, 'test/setup-process-guards.ts')],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['src-main/**/*.integration.test.ts', 'test/**/*.integration.test.ts'],
          environment: 'node',
          globalSetup: [resolve(root, 'test/global-setup-servers.ts'), resolve(root, 'test/global-setup-python.ts')],
          setupFiles: [resolve(root, 'test/setup-process-guards.ts')],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration files share two real servers; a few at a time keeps them honest without starving them.
          maxWorkers: 2,
        },
      },
    ],
  },
});
