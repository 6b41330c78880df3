/**
 * A small syntax highlighter for the files Poolscope writes (Python, .env, requirements,
 * TypeScript/JavaScript). It returns tokens, rendered as React text: nothing is ever HTML.
 */
export type TokenKind = 'kw' | 'str' | 'num' | 'com' | 'fn' | 'key' | 'op' | 'plain';
export interface Token {
  kind: TokenKind;
  text: string;
}
export type Lang = 'python' | 'dotenv' | 'requirements' | 'typescript' | 'text';

const PY_KW = new Set(['import', 'from', 'as', 'def', 'async', 'await', 'return', 'class', 'if', 'elif', 'else', 'for', 'in', 'with', 'yield', 'None', 'True', 'False', 'lambda', 'not', 'and', 'or', 'is', 'try', 'except', 'finally', 'raise', 'pass', 'global']);
const TS_KW = new Set(['import', 'from', 'export', 'const', 'let', 'function', 'return', 'new', 'async', 'await', 'if', 'else', 'true', 'false', 'null', 'undefined', 'type', 'interface', 'as', 'default']);

export function langOf(fileName: string): Lang {
  if (fileName.endsWith('.py')) return 'python';
  if (fileName.endsWith('.ts') || fileName.endsWith('.js') || fileName.endsWith('.mjs')) return 'typescript';
  if (fileName.startsWith('.env') || fileName.endsWith('.env')) return 'dotenv';
  if (fileName.endsWith('.txt')) return 'requirements';
  return 'text';
}

function codeLine(line: string, keywords: Set<string>, comment: string): Token[] {
  const out: Token[] = [];
  const re = /("""[^]*?"""|'''[^]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)|(#.*$|\/\/.*$)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)(\s*\()?|(\s+)|([^\sA-Za-z0-9_])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m[1]) out.push({ kind: 'str', text: m[1] });
    else if (m[2]) out.push(m[2].startsWith(comment) ? { kind: 'com', text: m[2] } : { kind: 'op', text: m[2] });
    else if (m[3]) out.push({ kind: 'num', text: m[3] });
    else if (m[4]) {
      out.push({ kind: keywords.has(m[4]) ? 'kw' : m[5] ? 'fn' : 'plain', text: m[4] });
      if (m[5]) out.push({ kind: 'plain', text: m[5] });
    } else out.push({ kind: m[6] ? 'plain' : 'op', text: m[0] });
  }
  return out;
}

export function tokenizeLine(lang: Lang, line: string): Token[] {
  if (lang === 'python') return codeLine(line, PY_KW, '#');
  if (lang === 'typescript') return codeLine(line, TS_KW, '//');
  if (lang === 'dotenv') {
    if (/^\s*#/.test(line)) return [{ kind: 'com', text: line }];
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(=)(.*)$/.exec(line);
    return m ? [{ kind: 'plain', text: m[1]! }, { kind: 'key', text: m[2]! }, { kind: 'op', text: m[3]! }, { kind: 'str', text: m[4]! }] : [{ kind: 'plain', text: line }];
  }
  if (lang === 'requirements') {
    if (/^\s*#/.test(line)) return [{ kind: 'com', text: line }];
    const m = /^([A-Za-z0-9_.\-[\],]+)(.*)$/.exec(line);
    return m ? [{ kind: 'key', text: m[1]! }, { kind: 'num', text: m[2]! }] : [{ kind: 'plain', text: line }];
  }
  return [{ kind: 'plain', text: line }];
}
