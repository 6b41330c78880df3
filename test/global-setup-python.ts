import type { TestProject } from 'vitest/node';
import { ensurePythonEnv } from './python-env';

declare module 'vitest' {
  export interface ProvidedContext {
    python: { python: string | null; reason: string | null };
  }
}

/** Makes (or reuses) the Python used to run generated code, once per test run. */
export default function setup(project: TestProject): void {
  const env = ensurePythonEnv();
  if (env.reason) process.stderr.write(`\nPython for generated-code runtime tests unavailable: ${env.reason}\n\n`);
  project.provide('python', env);
}
