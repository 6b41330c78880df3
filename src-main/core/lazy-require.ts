import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A CommonJS package (a driver, ssh2) loaded the first time it is used instead of when the module
 * that uses it is imported: the command line's `list`, `url` and `--help` never connect, and should
 * not pay for parsing pg, mysql2 and ssh2 at start-up. The value is the package's module.exports,
 * which is what a default import of a CommonJS package gives.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
