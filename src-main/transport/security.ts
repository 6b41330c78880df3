import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/** A fresh 256-bit token per start, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time
 * whatever the length of the guess (timingSafeEqual itself requires equal lengths).
 */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * The cookie that carries the token after the first load, so the page can drop it from its
 * address bar (and keep it out of history and storage) and still reload. HttpOnly: no script
 * reads it; SameSite=Strict: no other site's request carries it. Named per port, because
 * cookies ignore ports and two servers must not overwrite each other's.
 */
export function tokenCookieName(port: number): string {
  return `poolscope_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The token a request presents: `?token=` in its URL, else the cookie. */
export function requestToken(url: URL, cookieHeader: string | undefined, port: number): string | null {
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) return fromUrl;
  const name = `${tokenCookieName(port)}=`;
  for (const part of (cookieHeader ?? '').slice(0, 8192).split(';')) {
    const p = part.trim();
    if (p.startsWith(name)) return p.slice(name.length);
  }
  return null;
}

/** Hosts the serve-mode server answers to: only loopback names with its own port, which defeats DNS rebinding. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/**
 * The Content Security Policy of the renderer, in both shells: no inline or remote script, no
 * eval, no plugins, no framing; connections only back to this app.
 */
export function contentSecurityPolicy(connectSrc: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
