import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * MySQL/MariaDB option files (~/.my.cnf) read the way the client library does (mysys/my_default.c,
 * checked against MariaDB 10.11's my_print_defaults): `#` and `;` comment lines; a `#` outside
 * quotes ends the line anywhere; `[group]` headers matched without regard to case (leading space
 * inside the brackets is part of the name, trailing space is not); `name=value` with both sides
 * trimmed, one pair of matching quotes removed, and the escapes \n \t \r \b \s \" \' \\ (any other
 * backslash is kept); `name` alone is a flag; `!include FILE` and `!includedir DIR` (its *.cnf files
 * in name order, ten levels deep at most); world-writable files are skipped; an option before any
 * group, or a group without `]`, is a fatal error. Options keep the file order: the last one wins.
 */

export interface CnfOption {
  group: string;
  name: string;
  /** null for a bare flag (`ssl`). */
  value: string | null;
  file: string;
  line: number;
}

export interface CnfFs {
  /** The file's text, or null when it does not exist or cannot be read. */
  read(path: string): string | null;
  /** File names in a folder, or null when it cannot be listed. */
  list(dir: string): string[] | null;
  /** Unix mode bits, or null when unknown (then nothing is skipped for permissions). */
  mode(path: string): number | null;
}

export class CnfError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CnfError';
  }
}

export interface CnfReadResult {
  options: CnfOption[];
  /** Files read, in order (the first one and every include). */
  files: string[];
  /** What the client library would print as a warning (world-writable file skipped, missing include). */
  warnings: string[];
}

const MAX_RECURSION = 10;
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

function removeEndComment(s: string): string {
  let quote = '';
  let escape = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ((c === "'" || c === '"') && !escape) {
      if (!quote) quote = c;
      else if (quote === c) quote = '';
    }
    if (!quote && c === '#') return s.slice(0, i);
    escape = quote !== '' && c === '\\' && !escape;
  }
  return s;
}

function unescapeValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && i !== v.length - 1) {
      const n = v[++i]!;
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', s: ' ', '"': '"', "'": "'", '\\': '\\' };
      out += map[n] ?? `\\${n}`;
    } else out += c;
  }
  return out;
}

function trimEnd(s: string): string {
  let e = s.length;
  while (e > 0 && isSpace(s[e - 1])) e--;
  return s.slice(0, e);
}

function trimStart(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s[i])) i++;
  return s.slice(i);
}

/** Reads an option file and everything it includes. `text` given: the file's content (its includes are still read through `fs`). */
export function readOptionFile(path: string, fs: CnfFs, text?: string): CnfReadResult {
  const out: CnfReadResult = { options: [], files: [], warnings: [] };
  readOne(path, fs, out, 0, text);
  return out;
}

function readOne(path: string, fs: CnfFs, out: CnfReadResult, level: number, given?: string): boolean {
  if (given === undefined) {
    const mode = fs.mode(path);
    if (mode !== null && (mode & 0o002) !== 0) {
      out.warnings.push(`World-writable config file '${path}' is ignored`);
      return true;
    }
  }
  const text = given ?? fs.read(path);
  if (text === null) return false;
  out.files.push(path);
  let group: string | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let ptr = trimStart(lines[i]!);
    if (ptr === '' || ptr[0] === '#' || ptr[0] === ';') continue;
    if (ptr[0] === '!') {
      if (level >= MAX_RECURSION) {
        out.warnings.push(`skipping '${trimEnd(ptr)}': maximum include depth reached in ${path} at line ${lineNo}`);
        continue;
      }
      ptr = trimStart(ptr.slice(1));
      const directive = /^(includedir|include)(\s)/.exec(ptr);
      if (!directive) continue;
      const arg = trimEnd(trimStart(ptr.slice(directive[1]!.length)));
      if (!arg) throw new CnfError(`Wrong '!${directive[1]}' directive in config file ${path} at line ${lineNo}`, path, lineNo);
      const target = isAbsolute(arg) ? arg : resolve(dirname(path), arg);
      if (directive[1] === 'includedir') {
        const names = fs.list(target);
        if (names === null) throw new CnfError(`Can't read the folder ${target} named by !includedir in ${path} at line ${lineNo}`, path, lineNo);
        for (const name of [...names].sort()) if (name.endsWith('.cnf')) readOne(join(target, name), fs, out, level + 1);
      } else if (!readOne(target, fs, out, level + 1)) {
        out.warnings.push(`The file ${target} named by !include in ${path} at line ${lineNo} does not exist`);
      }
      continue;
    }
    if (ptr[0] === '[') {
      const close = ptr.indexOf(']', 1);
      if (close < 0) throw new CnfError(`Wrong group definition in config file: ${path} at line ${lineNo}`, path, lineNo);
      group = trimEnd(ptr.slice(1, close));
      continue;
    }
    if (group === null) throw new CnfError(`Found option without preceding group in config file: ${path} at line: ${lineNo}`, path, lineNo);
    const body = removeEndComment(ptr);
    const eq = body.indexOf('=');
    if (eq < 0) {
      out.options.push({ group, name: trimEnd(body), value: null, file: path, line: lineNo });
      continue;
    }
    const name = trimEnd(body.slice(0, eq));
    let value = trimEnd(trimStart(body.slice(eq + 1)));
    if ((value[0] === '"' || value[0] === "'") && value.length > 1 && value[0] === value[value.length - 1]) value = value.slice(1, -1);
    out.options.push({ group, name, value: unescapeValue(value), file: path, line: lineNo });
  }
  return true;
}

/** The options a program reading these groups gets, in order, as my_print_defaults prints them. */
export function optionsForGroups(options: CnfOption[], groups: string[]): CnfOption[] {
  const wanted = new Set(groups.map((g) => g.toLowerCase()));
  return options.filter((o) => wanted.has(o.group.toLowerCase()));
}

export function printDefaults(options: CnfOption[]): string[] {
  return options.map((o) => (o.value === null ? `--${o.name}` : `--${o.name}=${o.value}`));
}

/** Option names the way my_getopt compares them: `_` and `-` are the same, `loose-` only softens errors. */
export function optionKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '-').replace(/^loose-/, '');
}

/** Last value of each option (the client library lets a later one override an earlier one). */
export function lastValues(options: CnfOption[]): Map<string, CnfOption> {
  const m = new Map<string, CnfOption>();
  for (const o of options) m.set(optionKey(o.name), o);
  return m;
}
