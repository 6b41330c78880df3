import { UrlError, looksLikeUrl, parseConnectionString, type ParsedConnection } from './url';

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
}

/**
 * A `.env` file as dotenv reads it: `KEY=value`, optional `export`, single quotes taken
 * literally, double quotes with \n and \" escapes, `#` comments outside quotes.
 */
export function parseDotEnv(text: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    const key = m[1]!;
    let rest = m[2]!;
    let value: string;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      value = end === -1 ? rest.slice(1) : rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      let v = '';
      let j = 1;
      for (; j < rest.length && rest[j] !== '"'; j++) {
        if (rest[j] === '\\' && j + 1 < rest.length) {
          j++;
          v += rest[j] === 'n' ? '\n' : rest[j];
        } else v += rest[j];
      }
      value = v;
    } else {
      const hash = rest.search(/\s#/);
      if (hash !== -1) rest = rest.slice(0, hash);
      value = rest.trim();
    }
    out.push({ key, value, line: i + 1 });
  }
  return out;
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
  const entries = parseDotEnv(text);
  const out: EnvCandidate[] = [];
  for (const e of entries) {
    if (!e.value || !looksLikeUrl(e.value)) continue;
    if (!/^(postgres|postgresql|mysql|mariadb|sqlite)(\+\w+)?:\/\//i.test(e.value)) continue;
    try {
      out.push({ source: e.key, line: e.line, parsed: parseConnectionString(e.value) });
    } catch (err) {
      const u = err as UrlError;
      out.push({ source: e.key, line: e.line, error: { message: u.message, hint: u.hint ?? '' } });
    }
  }
  const pg = new Map(entries.filter((e) => PG_VARS.includes(e.key)).map((e) => [e.key, e]));
  if (pg.has('PGHOST') || pg.has('PGDATABASE')) {
    const parts = [
      pg.get('PGHOST') && `host='${esc(pg.get('PGHOST')!.value)}'`,
      pg.get('PGPORT') && `port=${pg.get('PGPORT')!.value}`,
      pg.get('PGDATABASE') && `dbname='${esc(pg.get('PGDATABASE')!.value)}'`,
      pg.get('PGUSER') && `user='${esc(pg.get('PGUSER')!.value)}'`,
      pg.get('PGPASSWORD') && `password='${esc(pg.get('PGPASSWORD')!.value)}'`,
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
