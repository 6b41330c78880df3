/**
 * Percent-encoding exactly as Python's urllib does it for SQLAlchemy URLs:
 * `quote(s, safe=" +")` for user and password, `quote_plus` for query keys and values,
 * `unquote` for user and password, `parse_qsl` (plus means space) for the query.
 */

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

function encodeWith(s: string, extraSafe: string, spaceAsPlus: boolean): string {
  let out = '';
  for (const ch of s) {
    if (ALWAYS_SAFE.test(ch) || extraSafe.includes(ch)) out += ch;
    else if (spaceAsPlus && ch === ' ') out += '+';
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Python `quote(s, safe=" +")`, as SQLAlchemy renders user names and passwords. */
export function encodeUserinfo(s: string): string {
  return encodeWith(s, ' +', false);
}

/** Python `quote_plus(s)`, as SQLAlchemy renders query keys and values. */
export function encodeQueryComponent(s: string): string {
  return encodeWith(s, '', true);
}

/**
 * Percent-decoding that refuses malformed escapes and invalid UTF-8 instead of guessing, so a bad
 * URL gets an error that points at the offending part.
 */
export function decodeStrict(s: string, error: () => Error): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw error();
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      i += ch.length;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    throw error();
  }
}

export interface QueryPair {
  key: string;
  value: string;
  /** Position of the whole `key=value` in the input. */
  start: number;
  end: number;
}

/** Python's parse_qsl(keep_blank_values=False): `&`-separated, `+` is a space, blank values dropped. */
export function parseQuery(text: string, offset: number): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (!text) return pairs;
  let pos = 0;
  for (const part of text.split('&')) {
    const start = offset + pos;
    const end = start + part.length;
    pos += part.length + 1;
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const bad = () => new ParamDecodeError(start, end);
    const key = decodeStrict(part.slice(0, eq).replace(/\+/g, ' '), bad);
    const value = decodeStrict(part.slice(eq + 1).replace(/\+/g, ' '), bad);
    if (value === '') continue;
    pairs.push({ key, value, start, end });
  }
  return pairs;
}

export class ParamDecodeError extends Error {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super('A query parameter has a malformed %-escape.');
    this.name = 'ParamDecodeError';
  }
}

function byCodePoint(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  for (let i = 0; i < Math.min(A.length, B.length); i++) {
    const d = A[i]!.codePointAt(0)! - B[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return A.length - B.length;
}

/** `?k=v&…` with keys sorted as Python sorts them, or '' when there is nothing to add. */
export function formatQuery(pairs: Array<[string, string]>, rawValueKeys?: ReadonlySet<string>): string {
  if (pairs.length === 0) return '';
  const sorted = [...pairs].sort((x, y) => byCodePoint(x[0], y[0]));
  return '?' + sorted.map(([k, v]) => `${encodeQueryComponent(k)}=${rawValueKeys?.has(k) ? v : encodeQueryComponent(v)}`).join('&');
}
