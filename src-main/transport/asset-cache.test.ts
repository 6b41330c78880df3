import { describe, expect, it } from 'vitest';
import { cacheControlFor, isHashedAsset } from './asset-cache';

describe('asset caching', () => {
  it('keeps hashed build chunks for a year and revalidates everything else', () => {
    expect(isHashedAsset('/assets/index-DOCIzcY_.js')).toBe(true);
    expect(isHashedAsset('/assets/diff.worker-XYUpfoZW.js')).toBe(true);
    expect(isHashedAsset('/assets/PoolView-CKKkzFgL.css')).toBe(true);
    expect(cacheControlFor('/assets/ExportView-Dvs9f2Wi.js', false)).toBe('public, max-age=31536000, immutable');
    // Not hashed: a new build must show at once.
    expect(isHashedAsset('/favicon.svg')).toBe(false);
    expect(isHashedAsset('/assets/app.js')).toBe(false);
    expect(isHashedAsset('/assets/nested/index-DOCIzcY_.js')).toBe(false);
    expect(isHashedAsset('/index-DOCIzcY_.js')).toBe(false);
    expect(cacheControlFor('/favicon.svg', false)).toBe('no-cache');
    // The page carries the token cookie: never stored.
    expect(cacheControlFor('/index.html', true)).toBe('no-store');
  });
});
