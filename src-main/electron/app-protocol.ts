import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../transport/security';
import { cacheControlFor } from '../transport/asset-cache';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://poolscope`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Serves the built renderer on app://poolscope/ (a standard, secure origin, unlike file://),
 * with the CSP as a response header: the page, its entry chunk and the section chunks it
 * imports on demand (no compression: nothing crosses a network). Paths outside the renderer
 * folder are refused.
 */
export function makeAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = normalize(rendererDir);
  return async (request) => {
    let file: string;
    let rel: string;
    try {
      const url = new URL(request.url);
      if (url.host !== 'poolscope') return new Response('Not found', { status: 404 });
      // A malformed escape (%ff, a lone %) is the request's fault: 400, never a rejected handler.
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      file = normalize(join(root, rel));
    } catch {
      return new Response('Bad request: malformed URL', { status: 400 });
    }
    if (!file.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
          // The section chunks are hashed like in serve mode: kept; the page is always read afresh.
          'Cache-Control': cacheControlFor(rel, rel === '/index.html'),
          'Content-Security-Policy': contentSecurityPolicy([]),
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}
