import { UrlError, looksLikeUrl, parseConnectionString, type ParsedConnection } from './url';

export interface EnvEntry {
  key: string;
  /** The value after python-dotenv's interpolation (`${VAR}`, `${VAR:-default}`); null for a bare `KEY`. */
  value: string | null;
  line: number;
  /** `${NAME}` references this file does not define: python-dotenv takes them from the process environment. */
  fromEnvironment: string[];
}

/**
 * A `.env` file read the way python-dotenv 1.2 reads it (`dotenv_values`, which a service's
 * `load_dotenv()` shares): bindings may span lines inside quotes; single quotes decode only \\ and
 * \'; double quotes decode \\ \' \" \a \b \f \n \r \t \v; an unquoted value ends at the line and
 * loses a ` #comment`; a line it cannot parse is skipped whole; then every value (quoted or not) is
 * interpolated in file order, `${NAME}` and `${NAME:-default}`. Our own grammar, written from its
 * documented behaviour and checked against the real library (dotenv.integration.test.ts).
 */
export function parseDotEnv(input: string): EnvEntry[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const raw: Array<{ key: string; value: string | null; line: number }> = [];
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let k = pos; k < to; k++) {
      const c = text[k];
      if (c === '\n' || (c === '\r' && text[k + 1] !== '\n')) line++;
    }
    pos = to;
  };
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    return m && m.index === pos ? m : null;
  };
  const need = (re: RegExp): RegExpExecArray => {
    const m = at(re);
    if (!m) throw new BindingError();
    advance(pos + m[0].length);
    return m;
  };
  while (pos < text.length) {
    need(/\s*/y);
    if (pos >= text.length) break;
    const startLine = line;
    try {
      need(/(?:export[^\S\r\n]+)?/y);
      let key: string | null = null;
      if (text[pos] !== '#') key = (text[pos] === "'" ? need(/'([^']+)'/y) : need(/([^=#\s]+)/y))[1]!;
      need(/[^\S\r\n]*/y);
      let value: string | null = null;
      if (text[pos] === '=') {
        const eq = need(/=[^\S\r\n]*/y)[0];
        value = eq.length > 1 && text[pos] === '#' ? '' : readValue();
      }
      need(/(?:[^\S\r\n]*#[^\r\n]*)?/y);
      need(/[^\S\r\n]*(?:\r\n|\n|\r|$)/y);
      if (key !== null) raw.push({ key, value, line: startLine });
    } catch (err) {
      if (!(err instanceof BindingError)) throw err;
      need(/[^\r\n]*(?:\r\n|\r|\n)?/y);
    }
  }
  return interpolate(raw);

  function readValue(): string {
    const c = text[pos];
    if (c === "'") return need(/'((?:\\[\s\S]|[^'\\])*)'/y)[1]!.replace(/\\[\\']/g, (e) => e[1]!);
    if (c === '"') return need(/"((?:\\[\s\S]|[^"\\])*)"/y)[1]!.replace(/\\[\\'"abfnrtv]/g, (e) => DQ_ESCAPES[e[1]!]!);
    if (c === undefined || c === '\n' || c === '\r') return '';
    // Python's \s and str.rstrip() include the Unicode spaces JavaScript's \s knows too.
    return need(/([^\r\n]*)/y)[1]!.replace(/\s+#.*/, '').replace(/\s+$/, '');
  }
}

class BindingError extends Error {}

const DQ_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** python-dotenv's resolve_variables with override=True: earlier values of this file win over the environment. */
function interpolate(raw: Array<{ key: string; value: string | null; line: number }>): EnvEntry[] {
  const known = new Map<string, string | null>();
  return raw.map((b) => {
    const fromEnvironment: string[] = [];
    const value =
      b.value === null
        ? null
        : b.value.replace(/\$\{([^}:]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt: string | undefined) => {
            if (known.has(name)) return known.get(name) ?? '';
            fromEnvironment.push(name);
            return dflt ?? '';
          });
    known.set(b.key, value);
    return { key: b.key, value, line: b.line, fromEnvironment };
  });
}

export interface EnvCandidate {
  /** The variable (or variables, for PG* sets) the connection came from. */
  source: string;
  line: number;
  parsed?: ParsedConnection;
  error?: { message: string; hint: string };
}

const PG_VARS = ['PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGPASSWORD'];

/**
 * Every database connection a `.env` file describes: any variable whose value is a database URL
 * (DATABASE_URL, TEST_DATABASE_URL, SQLALCHEMY_DATABASE_URI …) and the libpq PG* variables.
 */
export function connectionsFromEnv(text: string): EnvCandidate[] {
  // A key given twice: the last one wins, as in python-dotenv's dict.
  const last = new Map<string, EnvEntry>();
  for (const e of parseDotEnv(text)) {
    last.delete(e.key);
    last.set(e.key, e);
  }
  const entries = [...last.values()];
  const out: EnvCandidate[] = [];
  for (const e of entries) {
    if (!e.value || !looksLikeUrl(e.value)) continue;
    if (!/^(postgres|postgresql|mysql|mariadb|sqlite)(\+\w+)?:\/\//i.test(e.value)) continue;
    try {
      const parsed = parseConnectionString(e.value);
      if (e.fromEnvironment.length) {
        parsed.warnings.push(`${e.fromEnvironment.map((n) => `\${${n}}`).join(', ')} ${e.fromEnvironment.length === 1 ? 'is' : 'are'} not set in this file: python-dotenv takes ${e.fromEnvironment.length === 1 ? 'it' : 'them'} from the environment of the process that loads it (empty or the :- default when unset), as read here.`);
      }
      out.push({ source: e.key, line: e.line, parsed });
    } catch (err) {
      const u = err as UrlError;
      out.push({ source: e.key, line: e.line, error: { message: u.message, hint: u.hint ?? '' } });
    }
  }
  const pg = new Map(entries.filter((e) => PG_VARS.includes(e.key) && e.value !== null).map((e) => [e.key, e]));
  if (pg.has('PGHOST') || pg.has('PGDATABASE')) {
    const parts = [
      pg.get('PGHOST') && `host='${esc(pg.get('PGHOST')!.value!)}'`,
      pg.get('PGPORT') && `port=${pg.get('PGPORT')!.value!}`,
      pg.get('PGDATABASE') && `dbname='${esc(pg.get('PGDATABASE')!.value!)}'`,
      pg.get('PGUSER') && `user='${esc(pg.get('PGUSER')!.value!)}'`,
      pg.get('PGPASSWORD') && `password='${esc(pg.get('PGPASSWORD')!.value!)}'`,
    ].filter(Boolean);
    const line = Math.min(...[...pg.values()].map((e) => e.line));
    try {
      out.push({ source: [...pg.keys()].join(', '), line, parsed: parseConnectionString(parts.join(' ')) });
    } catch (err) {
      const u = err as UrlError;
      out.push({ source: [...pg.keys()].join(', '), line, error: { message: u.message, hint: u.hint ?? '' } });
    }
  }
  return out;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
