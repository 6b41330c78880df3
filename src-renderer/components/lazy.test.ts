import { describe, expect, it } from 'vitest';
import { ChunkLoadError, lazyNamed } from './lazy';

describe('lazyNamed', () => {
  it('fetches a part once, however often it is preloaded', async () => {
    let loads = 0;
    const Part = () => null;
    const Lazy = lazyNamed(async () => {
      loads++;
      return Part;
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([Lazy.preload(), Lazy.preload()]);
    await Lazy.preload();
    expect(loads).toBe(1);
    expect(a).toEqual({ default: Part });
    expect(b).toBe(a);
  });

  it('turns a failed fetch into a ChunkLoadError that names the cause', async () => {
    const Lazy = lazyNamed(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/MatrixView-x.js')));
    const err = await Lazy.preload().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChunkLoadError);
    expect((err as Error).message).toContain('Failed to fetch dynamically imported module');
    expect((err as Error).cause).toBeInstanceOf(TypeError);
  });
});
