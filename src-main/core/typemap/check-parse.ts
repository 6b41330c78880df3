/**
 * Reading enum-like and JSON CHECK constraints out of the SQL text each server reports:
 *   SQLite   (from CREATE TABLE):  plan IN ('free', 'team')
 *   MariaDB  (CHECK_CLAUSE):       `plan` in ('free','team')        json_valid(`doc`)
 *   PostgreSQL (pg_get_constraintdef):
 *     CHECK (((plan)::text = ANY ((ARRAY['free'::character varying, 'team'::character varying])::text[])))
 */

export interface EnumCheck {
  column: string;
  values: string[];
}

const IDENT = String.raw`(?:"((?:[^"]|"")+)"|\x60((?:[^\x60]|\x60\x60)+)\x60|\[([^\]]+)\]|([A-Za-z_][\w$]*))`;
const STRING_LIST = String.raw`'(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*`;

function identOf(m: RegExpExecArray, from: number): string {
  return (m[from] ?? '').replace(/""/g, '"') || (m[from + 1] ?? '').replace(/``/g, '`') || m[from + 2] || m[from + 3] || '';
}

function stringsOf(list: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'')*)'/g;
  for (let m = re.exec(list); m; m = re.exec(list)) out.push(m[1]!.replace(/''/g, "'"));
  return out;
}

/** Strips a CHECK keyword and redundant outer parentheses. */
function body(sql: string): string {
  let s = sql.trim().replace(/^CHECK\s*/i, '').trim();
  while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const IN_FORM = new RegExp(String.raw`^(?:${IDENT}\s*\.\s*)?${IDENT}\s+IN\s*\(\s*(${STRING_LIST})\s*\)$`, 'i');
const PG_ANY_FORM = new RegExp(String.raw`^\(?${IDENT}\)?(?:::[\w ]+)?\s*=\s*ANY\s*\(\s*\(?\s*ARRAY\[(.*?)\]\s*\)?(?:::[\w ]+\[\])?\s*\)$`, 'i');

export function parseEnumCheck(sql: string): EnumCheck | null {
  const s = body(sql);
  let m = IN_FORM.exec(s);
  if (m) return { column: identOf(m, 5), values: stringsOf(m[9]!) };
  m = PG_ANY_FORM.exec(s);
  if (m) {
    const items = m[5]!.split(/\s*,\s*/).map((i) => i.replace(/::[\w ]+$/, ''));
    if (items.every((i) => /^'(?:[^']|'')*'$/.test(i))) return { column: identOf(m, 1), values: items.flatMap(stringsOf) };
  }
  return null;
}

const JSON_VALID = new RegExp(String.raw`^json_valid\s*\(\s*${IDENT}\s*\)$`, 'i');

/** MariaDB's JSON alias: `json_valid(\`doc\`)` on a LONGTEXT column. Returns the column it guards. */
export function parseJsonValidCheck(sql: string): string | null {
  const m = JSON_VALID.exec(body(sql));
  return m ? identOf(m, 1) : null;
}
