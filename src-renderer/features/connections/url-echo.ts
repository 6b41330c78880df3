import { looksLikeUrl } from '@shared/url';
import { isSecretParam } from '@shared/url-secrets';

/**
 * The pasted text as it is echoed under the input: the password part replaced by bullets of the
 * same length (so error ranges still line up), split around the part an error points at.
 */
export function maskPasswordInText(text: string): string {
  const bullets = (v: string) => '•'.repeat(v.length);
  const url = /^(\s*[\w+]+:\/\/[^:/@\s]*:)([^@]*)(@)/.exec(text);
  let out = text;
  if (url) {
    const start = url[1]!.length;
    out = text.slice(0, start) + bullets(url[2]!) + text.slice(start + url[2]!.length);
  }
  if (looksLikeUrl(text)) {
    // Secret query parameters (password=, sslpassword= …), up to the next &.
    const q = out.indexOf('?', url ? url[0].length : 0);
    if (q === -1) return out;
    return out.slice(0, q) + out.slice(q).replace(/([?&])([^=&]*)=([^&]*)/g, (m, sep: string, key: string, value: string) => (isSecretParam(key) ? `${sep}${key}=${bullets(value)}` : m));
  }
  // libpq key=value strings: password=... or password='...' (and the other secret keywords)
  return out.replace(/(\b([A-Za-z_]+)\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)/g, (m, key: string, name: string, value: string) => (isSecretParam(name) ? key + bullets(value) : m));
}

export function splitAtRange(text: string, start: number, end: number): [string, string, string] {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  // An empty range (a missing part) still gets a visible mark: one space at the spot.
  if (e === s) return [text.slice(0, s), ' ', text.slice(s)];
  return [text.slice(0, s), text.slice(s, e), text.slice(e)];
}
