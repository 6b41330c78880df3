/**
 * The pasted text as it is echoed under the input: the password part replaced by bullets of the
 * same length (so error ranges still line up), split around the part an error points at.
 */
export function maskPasswordInText(text: string): string {
  const url = /^(\s*[\w+]+:\/\/[^:/@\s]*:)([^@]*)(@)/.exec(text);
  if (url) {
    const start = url[1]!.length;
    return text.slice(0, start) + '•'.repeat(url[2]!.length) + text.slice(start + url[2]!.length);
  }
  // libpq key=value strings: password=... or password='...'
  return text.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)/g, (_m, key: string, value: string) => key + '•'.repeat(value.length));
}

export function splitAtRange(text: string, start: number, end: number): [string, string, string] {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  // An empty range (a missing part) still gets a visible mark: one space at the spot.
  if (e === s) return [text.slice(0, s), ' ', text.slice(s)];
  return [text.slice(0, s), text.slice(s, e), text.slice(e)];
}
