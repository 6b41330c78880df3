/**
 * pg_service.conf read the way libpq reads it (fe-connect.c `parseServiceInfo`/`parseServiceFile`,
 * PostgreSQL 15): lines are trimmed of white space at both ends, `#` starts a comment line, a
 * `[name]` line opens a group (text after the `]` is ignored), inside the wanted group every line
 * must be `keyword=value` with the keyword written exactly (no spaces before the `=`) and known to
 * libpq, the first value of a keyword wins, and the group ends at the next `[`. Lines of 1023 bytes
 * or more are an error. Only the wanted group is checked, as in libpq: a broken group elsewhere does
 * not stop another service from working.
 */

/**
 * libpq's connection keywords (15 to 18: the system's libpq and the one psycopg-binary bundles, held
 * to both by libpq.integration.test.ts); a keyword outside this list is a syntax error. `service`
 * is refused separately.
 */
export const LIBPQ_KEYWORDS = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout',
  'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'sslmode', 'sslnegotiation', 'sslcompression',
  'sslcert', 'sslkey', 'sslcertmode', 'sslpassword', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer',
  'require_auth', 'min_protocol_version', 'max_protocol_version', 'ssl_min_protocol_version', 'ssl_max_protocol_version',
  'gssencmode', 'krbsrvname', 'gsslib', 'gssdelegation', 'replication', 'target_session_attrs', 'load_balance_hosts',
  // libpq 18
  'sslkeylogfile', 'oauth_issuer', 'oauth_client_id', 'oauth_client_secret', 'oauth_scope', 'scram_client_key', 'scram_server_key',
]);

const MAX_LINE_BYTES = 1023;

export class ServiceFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ServiceFileError';
  }
}

export interface ServiceGroup {
  name: string;
  /** Line of the `[name]` header. */
  line: number;
  /** Values as libpq would apply them (first one of each keyword). */
  values: Record<string, string>;
  /** Set when libpq would refuse this service: the error and its line. */
  error?: { message: string; line: number };
}

/** C isspace() in the "C" locale. */
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

function trimC(line: string): string {
  let s = 0;
  let e = line.length;
  while (e > 0 && isSpace(line[e - 1])) e--;
  while (s < e && isSpace(line[s])) s++;
  return line.slice(s, e);
}

/** Physical lines as fgets returns them (each with its newline, if it had one). */
function physicalLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Reads one service exactly as libpq does; `found` false means the file has no such group. */
export function readService(text: string, service: string): { found: boolean; values: Record<string, string> } {
  const values: Record<string, string> = {};
  let found = false;
  const lines = physicalLines(text);
  for (let i = 0; i < lines.length; i++) {
    const linenr = i + 1;
    if (Buffer.byteLength(lines[i]!, 'utf8') >= MAX_LINE_BYTES) throw new ServiceFileError(`line ${linenr} too long in service file`, linenr);
    const line = trimC(lines[i]!);
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (found) break;
      found = line.slice(1, 1 + service.length) === service && line[service.length + 1] === ']';
      continue;
    }
    if (!found) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ServiceFileError(`syntax error in service file, line ${linenr}`, linenr);
    const key = line.slice(0, eq);
    const val = line.slice(eq + 1);
    if (key === 'service') throw new ServiceFileError(`nested service specifications not supported in service file, line ${linenr}`, linenr);
    if (!LIBPQ_KEYWORDS.has(key)) throw new ServiceFileError(`syntax error in service file, line ${linenr}`, linenr);
    if (!(key in values)) values[key] = val;
  }
  return { found, values };
}

/** Every group in the file, each read the way libpq would read it when asked for that service. */
export function listServices(text: string): ServiceGroup[] {
  const groups: ServiceGroup[] = [];
  const seen = new Set<string>();
  physicalLines(text).forEach((raw, i) => {
    const line = trimC(raw);
    if (!line.startsWith('[')) return;
    const close = line.indexOf(']');
    if (close < 1) return;
    const name = line.slice(1, close);
    // libpq stops at the first group with the name; a later repeat is never read.
    if (seen.has(name)) return;
    seen.add(name);
    const group: ServiceGroup = { name, line: i + 1, values: {} };
    try {
      group.values = readService(text, name).values;
    } catch (err) {
      if (err instanceof ServiceFileError) group.error = { message: err.message, line: err.line };
      else throw err;
    }
    groups.push(group);
  });
  return groups;
}

export interface ServiceFileSource {
  path: string;
  /** The file's text, or null when it does not exist (or cannot be read). */
  text: string | null;
  /** Named by PGSERVICEFILE: libpq then fails when it is missing instead of moving on. */
  required?: boolean;
}

export interface ResolvedService {
  values: Record<string, string>;
  /** The file the group came from. */
  file: string;
}

/**
 * libpq's order: the user file (PGSERVICEFILE, else ~/.pg_service.conf) and, only when the group is
 * not in it, the system file (PGSYSCONFDIR/pg_service.conf). An error in the file that holds the
 * group stops the lookup, as in libpq.
 */
export function resolveService(service: string, userFile: ServiceFileSource | null, systemFile: ServiceFileSource | null): ResolvedService {
  for (const f of [userFile, systemFile]) {
    if (f?.required && f.text === null) throw new ServiceFileError(`service file "${f.path}" not found`, 0);
    if (!f || f.text === null) continue;
    let r: { found: boolean; values: Record<string, string> };
    try {
      r = readService(f.text, service);
    } catch (err) {
      if (err instanceof ServiceFileError) throw new ServiceFileError(`${err.message.replace('service file', `service file "${f.path}"`)}`, err.line);
      throw err;
    }
    if (r.found) return { values: r.values, file: f.path };
  }
  throw new ServiceFileError(`definition of service "${service}" not found`, 0);
}

/** Renders values back as a libpq key=value string (for the shared parser, which maps them onto profile fields). */
export function toLibpqString(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}='${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(' ');
}
