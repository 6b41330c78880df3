/**
 * SQLite keeps no catalog of CHECK constraints, only the CREATE TABLE text: find each
 * `CHECK (...)` outside strings, quoted identifiers and comments, with balanced parentheses.
 */
export function extractChecks(createSql: string): string[] {
  const out: string[] = [];
  const s = createSql;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      i = skipQuoted(s, i);
      continue;
    }
    if (ch === '-' && s[i + 1] === '-') {
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? s.length : nl + 1;
      continue;
    }
    if (ch === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      i = end === -1 ? s.length : end + 2;
      continue;
    }
    if (/^check\b/i.test(s.slice(i, i + 6)) && (i === 0 || !/[\w$]/.test(s[i - 1]!))) {
      let j = i + 5;
      while (j < s.length && /\s/.test(s[j]!)) j++;
      if (s[j] === '(') {
        const end = matchParen(s, j);
        if (end > j) {
          out.push(s.slice(j + 1, end).trim());
          i = end + 1;
          continue;
        }
      }
    }
    i++;
  }
  return out;
}

function skipQuoted(s: string, start: number): number {
  const close = s[start] === '[' ? ']' : s[start]!;
  let i = start + 1;
  while (i < s.length) {
    if (s[i] === close) {
      if (close !== ']' && s[i + 1] === close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return s.length;
}

function matchParen(s: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      i = skipQuoted(s, i);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
    i++;
  }
  return -1;
}
