/**
 * ~/.pgpass read and matched the way libpq does it (fe-connect.c `passwordFromFile` and
 * `pwdfMatchesString`, PostgreSQL 15): the first line whose host, port, database and user fields
 * all match wins; a field that is exactly `*` matches anything; `\` escapes the next character
 * (so `\:` and `\\`); lines starting with `#` are comments; a file readable by group or others is
 * ignored. Ported rather than approximated because the point of the import is to pick the same
 * password psql and psycopg would.
 */

export const PG_DEFAULT_PORT = '5432';
/** libpq's DefaultHost: what a socket connection in the default socket folder is looked up as. */
export const PG_DEFAULT_HOST = 'localhost';
/**
 * DEFAULT_PGSOCKET_DIR of the libpq people have on each OS: Linux distributions build it with
 * /var/run/postgresql (Debian's libpq 15 and psycopg's bundled libpq 18 both do, checked by the
 * differential test), macOS installers keep upstream's /tmp. libpq compares the path exactly.
 */
export function defaultSocketDir(platform: NodeJS.Platform): string | null {
  if (platform === 'linux') return '/var/run/postgresql';
  if (platform === 'win32') return null;
  return '/tmp';
}

export interface PgpassLine {
  /** 1-based line number in the file, for "line 4 of ~/.pgpass". */
  line: number;
  /** The raw text, for matching exactly as libpq does. Never shown: it holds the password. */
  raw: string;
}

export interface PgpassTarget {
  host?: string;
  port?: number | string;
  database?: string;
  user?: string;
}

export interface PgpassMatch {
  line: number;
  password: string;
  /** The four fields as written (escapes removed), for showing which line matched. */
  fields: { host: string; port: string; database: string; user: string };
}

/** The non-comment, non-empty lines, as libpq reads them (CR/LF stripped, nothing else). */
export function readPgpass(text: string): PgpassLine[] {
  const out: PgpassLine[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    if (rawLine.startsWith('#')) return;
    const raw = rawLine.replace(/[\r\n]+$/, '');
    if (raw === '') return;
    out.push({ line: i + 1, raw });
  });
  // A file that does not end in a newline still has its last line read (fgets returns it at EOF).
  return out;
}

/**
 * libpq's pwdfMatchesString: returns the index just past this field's ':' when the field at `at`
 * matches `token`, or -1.
 */
function matchField(buf: string, at: number, token: string): number {
  if (buf[at] === '*' && buf[at + 1] === ':') return at + 2;
  let t = at;
  let k = 0;
  let bslash = false;
  while (t < buf.length) {
    if (buf[t] === '\\' && !bslash) {
      t++;
      bslash = true;
    }
    if (buf[t] === ':' && k === token.length && !bslash) return t + 1;
    bslash = false;
    if (k === token.length) return -1;
    if (t < buf.length && buf[t] === token[k]) {
      t++;
      k++;
    } else return -1;
  }
  return -1;
}

/** The password part after the fourth field: escapes removed, ends at the first unescaped ':'. */
function dePassword(buf: string, at: number): string {
  let out = '';
  for (let p = at; p < buf.length && buf[p] !== ':'; p++) {
    if (buf[p] === '\\' && p + 1 < buf.length) p++;
    out += buf[p];
  }
  return out;
}

/** Splits a line into its fields for display (escapes removed); the password is not returned. */
export function pgpassFields(raw: string): { host: string; port: string; database: string; user: string } {
  const fields: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length && fields.length < 4; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      cur += raw[++i];
    } else if (c === ':') {
      fields.push(cur);
      cur = '';
    } else cur += c;
  }
  while (fields.length < 4) fields.push(fields.length === 0 ? cur : '');
  return { host: fields[0]!, port: fields[1]!, database: fields[2]!, user: fields[3]! };
}

/** The key libpq looks a target up by: host (or socket) → localhost rules, port 5432, database defaults to the user. */
export function pgpassKey(target: PgpassTarget, osUser: string, socketDir = defaultSocketDir(process.platform)): { host: string; port: string; database: string; user: string } | null {
  const user = target.user && target.user !== '' ? target.user : osUser;
  const database = target.database && target.database !== '' ? target.database : user;
  if (!user || !database) return null;
  let host = target.host ?? '';
  if (host === '' || (socketDir !== null && host === socketDir)) host = PG_DEFAULT_HOST;
  const port = target.port !== undefined && String(target.port) !== '' ? String(target.port) : PG_DEFAULT_PORT;
  return { host, port, database, user };
}

/** The first line that supplies a password for this target, as libpq would pick it. */
export function matchPgpass(lines: PgpassLine[], target: PgpassTarget, osUser: string, socketDir = defaultSocketDir(process.platform)): PgpassMatch | null {
  const key = pgpassKey(target, osUser, socketDir);
  if (!key) return null;
  for (const l of lines) {
    let at = matchField(l.raw, 0, key.host);
    if (at >= 0) at = matchField(l.raw, at, key.port);
    if (at >= 0) at = matchField(l.raw, at, key.database);
    if (at >= 0) at = matchField(l.raw, at, key.user);
    if (at < 0) continue;
    return { line: l.line, password: dePassword(l.raw, at), fields: pgpassFields(l.raw) };
  }
  return null;
}

/** Why libpq would ignore this file, from its mode bits (Unix only), or null when it reads it. */
export function pgpassPermissionProblem(mode: number, platform: NodeJS.Platform): string | null {
  if (platform === 'win32') return null;
  if ((mode & 0o077) !== 0) {
    return `libpq ignores this file because group or others can read it (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); run chmod 600 on it.`;
  }
  return null;
}

/**
 * The password asyncpg would take from the same line (connect_utils `_read_password_file`): it
 * splits on unescaped colons but keeps the backslashes, so `p\:w` is `p\:w` to asyncpg and `p:w` to
 * libpq. Used to warn when a service on asyncpg would send something else.
 */
export function asyncpgPassword(raw: string): string | null {
  const line = raw.trim().replace(/\\\\/g, '\n');
  const parts = line.split(/(?<!\\):/);
  if (parts.length < 5) return null;
  return parts.slice(4).join(':').replace(/\n/g, '\\\\');
}
