import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { TlsMode } from '../../../shared/profile';
import { parseLibpq, UrlError } from '../../../shared/url';
import { makeProfile, textOf, unsupported } from './build';
import { CnfError, lastValues, optionKey, optionsForGroups, readOptionFile, type CnfFs, type CnfOption } from './mycnf';
import { listServices, toLibpqString } from './pg-service';
import { pgpassFields, readPgpass } from './pgpass';
import { resolveLibpq } from './libpq-resolve';
import type { ImportEnv, LoadedFile, ParsedSource, RawCandidate } from './types';

/**
 * The client configuration files as import sources: every pg_service.conf group, every .pgpass
 * line that names one server and user, and every client profile in a MySQL option file.
 */

export function fileText(file: LoadedFile, what: string, hint: string): string {
  try {
    return textOf(file.bytes, basename(file.name));
  } catch (err) {
    throw new AppError('BAD_INPUT', `${(err as Error).message} It is not ${what}.`, hint);
  }
}

/** One candidate per service group, resolved the way libpq would resolve `service=NAME` against this file. */
export function parseServiceFileSource(file: LoadedFile, env: ImportEnv): ParsedSource & { candidates: Array<RawCandidate & { serviceName?: string }> } {
  const text = fileText(file, 'a pg_service.conf', 'Choose a pg_service.conf (~/.pg_service.conf, or the file PGSERVICEFILE names).');
  const groups = listServices(text);
  const out: ParsedSource & { candidates: Array<RawCandidate & { serviceName?: string }> } = { candidates: [], warnings: [], files: [file.name] };
  if (groups.length === 0) {
    const kv = text.split('\n').some((l) => /^\s*[a-z_]+=/.test(l));
    throw new AppError('BAD_INPUT', `${basename(file.name)} has no [service] groups${kv ? ' (its key=value lines are outside any group)' : ''}, so it is not a pg_service.conf.`, 'A service file looks like [orders] on one line, then host=…, dbname=…, user=… below it.');
  }
  for (const g of groups) {
    const origin = `[${g.name}] at line ${g.line}`;
    if (g.error) {
      out.candidates.push(unsupported(origin, g.name, `libpq refuses this service: ${g.error.message}.`, 'Fix that line (keyword=value, no spaces before =, a keyword libpq knows) and import again.'));
      continue;
    }
    out.candidates.push({ ...serviceCandidate(g.name, g.values, origin, env), serviceName: g.name });
  }
  return out;
}

/**
 * A service as libpq would use it: its values as the connection keywords, libpq's defaults for what
 * it leaves out (the default socket folder, port 5432, the OS user), the password from the service
 * or else from the password file libpq would read.
 */
export function serviceCandidate(name: string, values: Record<string, string>, origin: string, env: ImportEnv): RawCandidate {
  const r = resolveLibpq(values, env);
  let parsed;
  try {
    const { password: _pw, passfile: _pf, ...rest } = r.values;
    parsed = parseLibpq(toLibpqString({ ...rest, host: r.host, port: r.port, dbname: r.dbname, user: r.user }));
  } catch (err) {
    const message = err instanceof UrlError ? err.message : (err as Error).message;
    return unsupported(origin, name, `Service ${name}: ${message}`, err instanceof UrlError ? err.hint : 'Fix the service and import again.');
  }
  return {
    origin,
    name,
    ...(r.password !== undefined ? { password: r.password, passwordSource: values.password !== undefined && !values.service ? `pg_service.conf [${name}]` : (r.passwordSource ?? '') } : {}),
    // sslpassword and the like: the shared parser takes them out of the parameters; they travel
    // beside the profile, to the encrypted secret store.
    ...(parsed.secretParams ? { secretParams: parsed.secretParams } : {}),
    profile: makeProfile({
      name,
      backend: 'postgresql',
      ...(parsed.host ? { host: parsed.host } : {}),
      ...(parsed.port ? { port: parsed.port } : {}),
      ...(parsed.socket ? { socket: parsed.socket } : {}),
      database: parsed.database,
      ...(parsed.user ? { user: parsed.user } : {}),
      tls: parsed.tls,
      params: parsed.options.params,
      ...(parsed.options.applicationName ? { applicationName: parsed.options.applicationName } : {}),
      ...(parsed.options.connectTimeoutSec ? { connectTimeoutSec: parsed.options.connectTimeoutSec } : {}),
      notes: [`From pg_service.conf service "${name}" (psycopg and psql can use it as service=${name}).`],
      usesPassword: values.password !== undefined || r.password !== undefined,
    }),
  };
}

/** .pgpass lines that name one host and one user (no `*` there) become connections; the rest only supply passwords. */
export function parsePgpassSource(file: LoadedFile): ParsedSource {
  const text = fileText(file, 'a .pgpass file', 'Choose ~/.pgpass (or the file PGPASSFILE names).');
  const lines = readPgpass(text);
  const out: ParsedSource = { candidates: [], warnings: [], files: [file.name] };
  if (lines.length > 0 && lines.every((l) => pgpassFields(l.raw).user === '' && !l.raw.includes(':'))) {
    throw new AppError('BAD_INPUT', `${basename(file.name)} has no host:port:database:user:password lines, so it is not a .pgpass file.`, 'Each line of ~/.pgpass looks like db.example.com:5432:orders:app:secret.');
  }
  for (const l of lines) {
    const f = pgpassFields(l.raw);
    const origin = `line ${l.line}`;
    if ((l.raw.match(/(?<!\\):/g) ?? []).length < 4) {
      out.warnings.push(`Line ${l.line} has fewer than five fields; libpq never matches it.`);
      continue;
    }
    if (f.host === '*' || f.user === '*') continue;
    const port = f.port === '*' ? undefined : Number(f.port);
    if (f.port !== '*' && !(Number.isInteger(port) && port! > 0 && port! < 65536)) {
      out.warnings.push(`Line ${l.line} has port "${f.port}", which is not a port number; libpq would only match it literally.`);
      continue;
    }
    const database = f.database === '*' ? '' : f.database;
    const name = `${database || f.user}@${f.host}`;
    const host = f.host === 'localhost' ? 'localhost' : f.host;
    out.candidates.push({
      origin,
      name,
      profile: makeProfile({
        name,
        backend: 'postgresql',
        ...(host.startsWith('/') ? { socket: host } : { host }),
        ...(port !== undefined ? { port } : {}),
        database,
        user: f.user,
        usesPassword: true,
        notes: [`From ${basename(file.name)} ${origin}${f.database === '*' ? ' (any database: the database is left empty, so the user name is used)' : ''}.`],
      }),
    });
  }
  return out;
}

const BASE_GROUPS = ['client', 'client-server', 'client-mariadb', 'mysql', 'mariadb-client'];
/** Groups that start like a client group but belong to a server or another program. */
const NOT_SUFFIXES = /^(mysqld|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlbinlog|mysqlslap|mysql_upgrade|mysqltest|mysqlhotcopy|mysql_install_db|mysql\.server|mysql_cluster|mysqlpump|mysqlsh|mysqlx|client-server|client-mariadb)/i;

/** The --defaults-group-suffix values this file defines groups for ([client_prod] → "_prod"). */
export function groupSuffixes(options: CnfOption[], groups: string[]): string[] {
  const out = new Set<string>();
  for (const g of groups) {
    if (NOT_SUFFIXES.test(g)) continue;
    for (const base of BASE_GROUPS) {
      if (g.toLowerCase().startsWith(base) && g.length > base.length && !BASE_GROUPS.includes(g.toLowerCase())) {
        out.add(g.slice(base.length));
        break;
      }
    }
  }
  void options;
  return [...out];
}

export function clientGroups(suffix = ''): string[] {
  return suffix ? [...BASE_GROUPS, ...BASE_GROUPS.map((g) => g + suffix)] : BASE_GROUPS;
}

export function parseMyCnfSource(file: LoadedFile, fs: CnfFs): ParsedSource {
  const text = fileText(file, 'a MySQL option file', 'Choose ~/.my.cnf (or another my.cnf).');
  let read;
  try {
    read = readOptionFile(file.name, file.onDisk ? fs : { read: () => null, list: () => null, mode: () => null }, text);
  } catch (err) {
    if (err instanceof CnfError) throw new AppError('BAD_INPUT', `The MySQL client would stop here: ${err.message}.`, 'Fix that line (every option belongs under a [group]; a group needs its closing ]); nothing was imported.');
    throw err;
  }
  const out: ParsedSource = { candidates: [], warnings: [...read.warnings], files: read.files };
  if (!file.onDisk && /^\s*!include/m.test(text)) out.warnings.push('!include lines are not followed for a file chosen in the browser; choose it from a detected location to include them.');
  const groups = [...new Set(read.options.map((o) => o.group))];
  const profiles: Array<{ suffix: string; options: CnfOption[] }> = [{ suffix: '', options: optionsForGroups(read.options, clientGroups()) }];
  for (const suffix of groupSuffixes(read.options, groups)) profiles.push({ suffix, options: optionsForGroups(read.options, clientGroups(suffix)) });
  for (const p of profiles) {
    if (p.options.length === 0) continue;
    const c = myCnfCandidate(p.options, p.suffix, basename(file.name));
    if (c) out.candidates.push(c);
  }
  if (out.candidates.length === 0) out.warnings.push(`${basename(file.name)} has no client settings ([client], [mysql] or [clientSUFFIX] groups with host, user or socket).`);
  return out;
}

function myCnfCandidate(options: CnfOption[], suffix: string, fileName: string): RawCandidate | null {
  const v = lastValues(options);
  const get = (k: string) => v.get(k)?.value ?? undefined;
  const has = (k: string) => v.has(k);
  const host = get('host');
  const socket = get('socket');
  const user = get('user');
  if (!host && !socket && !user) return null;
  const origin = suffix ? `groups [client${suffix}] / [mysql${suffix}] with [client], [mysql]` : '[client] / [mysql] groups';
  const name = `${user ?? 'mysql'}@${host ?? 'localhost'}${suffix ? ` (${suffix.replace(/^[_-]/, '')})` : ''}`;
  const port = get('port') ? Number(get('port')) : undefined;
  const protocol = (get('protocol') ?? '').toLowerCase();
  const useSocket = protocol !== 'tcp' && (!host || host === 'localhost') && !!socket;
  let mode: TlsMode = 'disable';
  const sslMode = (get('ssl-mode') ?? '').toUpperCase();
  const sslFlag = v.get('ssl');
  const sslOff = has('skip-ssl') || (sslFlag && sslFlag.value !== null && /^(0|off|false)$/i.test(sslFlag.value));
  if (sslMode) mode = ({ DISABLED: 'disable', PREFERRED: 'prefer', REQUIRED: 'require', VERIFY_CA: 'verify-ca', VERIFY_IDENTITY: 'verify-full' } as Record<string, TlsMode>)[sslMode] ?? 'require';
  else if (sslOff) mode = 'disable';
  else if (has('ssl-verify-server-cert') && v.get('ssl-verify-server-cert')!.value !== '0') mode = 'verify-full';
  else if (sslFlag || has('ssl-ca') || has('ssl-cert') || has('ssl-key')) mode = 'require';
  const notes = [`From ${fileName} ${origin}${suffix ? ` (mysql --defaults-group-suffix=${suffix})` : ''}.`];
  if (!host && !socket) notes.push('No host is set: the mysql client would use its default socket for localhost; Poolscope connects to localhost over TCP.');
  const unknown = options.map((o) => optionKey(o.name)).filter((k) => !KNOWN.has(k));
  if (unknown.length) notes.push(`Options Poolscope does not use: ${[...new Set(unknown)].join(', ')}.`);
  const timeout = get('connect-timeout') ? Number(get('connect-timeout')) : undefined;
  const password = get('password');
  return {
    origin,
    name,
    ...(password !== undefined ? { password, passwordSource: `${basename(v.get('password')!.file)} [${v.get('password')!.group}] line ${v.get('password')!.line}` } : {}),
    profile: makeProfile({
      name,
      backend: 'mysql',
      ...(useSocket ? { socket } : { host: host ?? 'localhost' }),
      ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
      ...(get('database') ? { database: get('database')! } : {}),
      ...(user ? { user } : {}),
      tls: { mode, ...(get('ssl-ca') ? { ca: get('ssl-ca')! } : {}), ...(get('ssl-cert') ? { cert: get('ssl-cert')! } : {}), ...(get('ssl-key') ? { key: get('ssl-key')! } : {}) },
      ...(get('default-character-set') ? { charset: get('default-character-set')! } : {}),
      ...(timeout !== undefined && Number.isFinite(timeout) && timeout > 0 ? { connectTimeoutSec: timeout } : {}),
      notes,
      usesPassword: password !== undefined,
    }),
  };
}

const KNOWN = new Set(['host', 'port', 'user', 'password', 'socket', 'database', 'ssl', 'skip-ssl', 'ssl-mode', 'ssl-ca', 'ssl-cert', 'ssl-key', 'ssl-verify-server-cert', 'default-character-set', 'connect-timeout', 'protocol']);
