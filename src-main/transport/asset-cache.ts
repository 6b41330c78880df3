// How long a browser may keep what serve mode and the app:// protocol send.

/**
 * The build names its chunks `name-HASH.ext` under assets/, the hash changing with the content,
 * so a browser may keep them for a year without asking again. Anything else (the favicon) is
 * revalidated on every use, so a new build is never hidden behind an old copy.
 */
export function isHashedAsset(urlPath: string): boolean {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|mjs|css|svg|png|woff2)$/.test(urlPath);
}

export function cacheControlFor(urlPath: string, page: boolean): string {
  if (page) return 'no-store';
  return isHashedAsset(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
