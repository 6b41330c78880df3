import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test/tmp';
// @ts-expect-error a plain CommonJS script without types
import { createLoader } from './cli-load.cjs';

type Loader = { load(file: string): Record<string, unknown>; save(): void; fromCache: string[] };
const loaderFor = (root: string, cache: string): Loader => (createLoader as (root: string, cache: string) => Loader)(root, cache);

/** A bundle like the built CLI's: an entry requiring a chunk by a relative path and a node: builtin. */
function writeBundle(root: string, answer: string): string {
  mkdirSync(join(root, 'chunks'), { recursive: true });
  writeFileSync(join(root, 'chunks', 'b.cjs'), `exports.answer = () => '${answer}';`);
  const entry = join(root, 'cli.cjs');
  writeFileSync(entry, `const { answer } = require('./chunks/b.cjs'); exports.out = require('node:path').basename(__filename) + ':' + answer();`);
  return entry;
}

describe('the CLI loader with a code cache (scripts/cli-load.cjs)', () => {
  it('runs the bundle, saves its compiled code, and the next start takes it', () => {
    const d = tempDir();
    try {
      const cache = join(d.path, '.v8-cache');
      const entry = writeBundle(d.path, 'one');
      const first = loaderFor(d.path, cache);
      expect(first.load(entry).out).toBe('cli.cjs:one');
      expect(first.fromCache).toEqual([]);
      first.save();
      expect(readdirSync(cache).sort()).toEqual(['b.cjs.v8', 'cli.cjs.v8']);
      const second = loaderFor(d.path, cache);
      expect(second.load(entry).out).toBe('cli.cjs:one');
      expect(second.fromCache.sort()).toEqual([join(d.path, 'chunks', 'b.cjs'), entry].sort());
    } finally {
      d.cleanup();
    }
  });

  it('does not take the cache of a file that changed, even to a source of the same length', () => {
    const d = tempDir();
    try {
      const cache = join(d.path, '.v8-cache');
      const entry = writeBundle(d.path, 'one');
      const first = loaderFor(d.path, cache);
      first.load(entry);
      first.save();
      // V8 itself compares only the length of the source; the loader compares size and mtime.
      writeBundle(d.path, 'two');
      const second = loaderFor(d.path, cache);
      expect(second.load(entry).out).toBe('cli.cjs:two');
      expect(second.fromCache).not.toContain(join(d.path, 'chunks', 'b.cjs'));
    } finally {
      d.cleanup();
    }
  });

  it('runs without a cache where it cannot write one', () => {
    const d = tempDir();
    try {
      const entry = writeBundle(d.path, 'one');
      const notAFolder = join(d.path, 'file');
      writeFileSync(notAFolder, '');
      const loader = loaderFor(d.path, join(notAFolder, '.v8-cache'));
      expect(loader.load(entry).out).toBe('cli.cjs:one');
      expect(() => loader.save()).not.toThrow();
      expect(readdirSync(d.path).sort()).toEqual(['chunks', 'cli.cjs', 'file']);
    } finally {
      d.cleanup();
    }
  });
});
