import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeAppProtocolHandler } from './app-protocol';
import { tempDir } from '../../test/tmp';

describe('app:// protocol handler', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  mkdirSync(join(dir.path, 'assets'), { recursive: true });
  writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(dir.path, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'assets', 'PoolView-CKKkzFgL.js'), 'export const PoolView = 1;');
  writeFileSync(join(dir.path, 'assets', 'PoolView-CKKkzFgL.css'), '.pool{}');
  const handle = makeAppProtocolHandler(dir.path);
  const get = (url: string) => handle(new Request(url));

  it('serves the renderer with its CSP, and refuses other hosts and escapes from the folder', async () => {
    const page = await get('app://poolscope/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>ui</title>');
    expect((await get('app://poolscope/assets/app.js')).status).toBe(200);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://poolscope/assets/..%2F..%2F..%2Fetc%2Fpasswd')).status).toBe(403);
    expect((await get('app://poolscope/missing.js')).status).toBe(404);
  });

  it('serves the lazily imported section chunks with their types, cached when hashed; the page is never cached', async () => {
    const js = await get('app://poolscope/assets/PoolView-CKKkzFgL.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('export const PoolView = 1;');
    const css = await get('app://poolscope/assets/PoolView-CKKkzFgL.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://poolscope/')).headers.get('cache-control')).toBe('no-store');
    expect((await get('app://poolscope/assets/app.js')).headers.get('cache-control')).toBe('no-cache');
  });

  // Issue 15 item 5: decodeURIComponent sat outside the try block, so these rejected the handler.
  it('answers a malformed %-escape with 400 instead of throwing', async () => {
    for (const path of ['/%ff', '/%', '/assets/%E0%A4%A']) {
      const r = await get(`app://poolscope${path}`);
      expect(r.status, path).toBe(400);
    }
  });
});
