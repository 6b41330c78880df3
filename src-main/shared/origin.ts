/**
 * scheme://host[:port] of a URL. Node's URL gives "null" as the origin of non-special schemes
 * (app://poolscope/...), so the app's own origin has to be built from its parts.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}
