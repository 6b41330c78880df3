import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { TlsMode } from '../../../shared/profile';
import { hexColor, makeProfile, sshTunnel, textOf, TLS_FROM_LIBPQ, unsupported } from './build';
import type { LoadedFile, ParsedSource, RawCandidate } from './types';

/**
 * pgAdmin 4's servers.json (Tools › Import/Export Servers, or `setup.py dump-servers`), read the way
 * its own loader reads it (pgadmin/utils `load_database_servers`): {"Servers": {"1": {...}}}, with
 * connection settings in ConnectionParameters or, in files from before pgAdmin 6, in top-level
 * SSLMode/PassFile/… keys. The format has no passwords; PassFile (or the default ~/.pgpass) can
 * supply them, matched the way libpq matches. A server defined by Service is resolved through
 * pg_service.conf.
 */

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

const LEGACY: Record<string, string> = { HostAddr: 'hostaddr', SSLMode: 'sslmode', PassFile: 'passfile', SSLCert: 'sslcert', SSLKey: 'sslkey', SSLRootCert: 'sslrootcert', SSLCrl: 'sslcrl', Timeout: 'connect_timeout', SSLCompression: 'sslcompression' };

export interface PgadminServer extends RawCandidate {
  /** Set when the server is defined by a pg_service.conf entry to resolve. */
  service?: string;
}

export function parsePgadmin(files: LoadedFile[]): ParsedSource & { candidates: PgadminServer[] } {
  const file = files[0]!;
  let root: Json;
  try {
    root = obj(JSON.parse(textOf(file.bytes, basename(file.name))));
  } catch (err) {
    throw new AppError('BAD_INPUT', `${basename(file.name)} is not valid JSON (${(err as Error).message}).`, 'Choose a servers.json exported by pgAdmin (Tools › Import/Export Servers); nothing was imported.');
  }
  if (!root.Servers || typeof root.Servers !== 'object') {
    throw new AppError('BAD_INPUT', `${basename(file.name)} has no "Servers" object, so it is not a pgAdmin servers.json.`, 'Export one from pgAdmin with Tools › Import/Export Servers; nothing was imported.');
  }
  const out: ParsedSource & { candidates: PgadminServer[] } = { candidates: [], warnings: [], files: [file.name] };
  for (const [id, raw] of Object.entries(obj(root.Servers))) out.candidates.push(server(id, obj(raw)));
  return out;
}

function server(id: string, o: Json): PgadminServer {
  const origin = `server "${id}"`;
  const name = s(o.Name) ?? `Server ${id}`;
  const group = s(o.Group);
  // pgAdmin's own loader requires these; a file without them is refused row by row, as pgAdmin does.
  for (const attr of ['Name', 'Group', 'MaintenanceDB']) {
    if (!(attr in o)) return unsupported(origin, name, `'${attr}' attribute not found for server '${id}' (pgAdmin would refuse this file).`, 'Fix the entry in servers.json or add this server by hand.', group);
  }
  const service = s(o.Service);
  if (!service && !('Host' in o)) return unsupported(origin, name, `'Host' or 'Service' attribute not found for server '${id}'.`, 'Fix the entry in servers.json or add this server by hand.', group);
  const params: Record<string, string> = {};
  if ('ConnectionParameters' in o) {
    for (const [k, v] of Object.entries(obj(o.ConnectionParameters))) if (s(v) !== undefined) params[k] = s(v)!;
  } else {
    for (const [k, key] of Object.entries(LEGACY)) if (s(o[k]) !== undefined) params[key] = s(o[k])!;
  }
  const notes: string[] = [];
  let tunnel: ReturnType<typeof sshTunnel>['ssh'];
  if (o.UseSSHTunnel === 1 || o.UseSSHTunnel === true) {
    const auth = o.TunnelAuthentication === 1 || o.TunnelAuthentication === true ? 'identity file' : 'password';
    const t = sshTunnel('pgAdmin', { host: s(o.TunnelHost), port: s(o.TunnelPort), user: s(o.TunnelUsername), auth, keyFile: s(o.TunnelIdentityFile) });
    notes.push(t.note);
    tunnel = t.ssh;
  }
  if (s(o.Comment)) notes.push(s(o.Comment)!);
  if (s(o.Role)) notes.push(`pgAdmin connects with role ${s(o.Role)} (SET ROLE after login).`);
  if (s(o.PasswordExecCommand)) notes.push(`pgAdmin gets the password from a command (${s(o.PasswordExecCommand)}); Poolscope asks for it instead.`);
  if (s(o.PostConnectionSQL)) notes.push(`pgAdmin runs after connecting: ${s(o.PostConnectionSQL)}`);
  const mode: TlsMode = TLS_FROM_LIBPQ[(params.sslmode ?? 'prefer').toLowerCase()] ?? 'prefer';
  const rest = { ...params };
  for (const k of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'passfile', 'connect_timeout', 'application_name', 'hostaddr']) delete rest[k];
  const timeout = params.connect_timeout !== undefined ? Number(params.connect_timeout) : undefined;
  const host = s(o.Host) ?? params.hostaddr;
  const username = s(o.Username) ?? (o.Shared ? s(o.SharedUsername) : undefined);
  const port = typeof o.Port === 'number' ? o.Port : s(o.Port) ? Number(s(o.Port)) : undefined;
  return {
    origin,
    name,
    ...(group ? { group } : {}),
    ...(service ? { service } : {}),
    ...(params.passfile ? { passfile: params.passfile } : {}),
    profile: makeProfile({
      name,
      backend: 'postgresql',
      ...(host ? (host.startsWith('/') ? { socket: host } : { host }) : {}),
      ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
      database: s(o.MaintenanceDB) ?? '',
      ...(username ? { user: username } : {}),
      tls: { mode, ...(params.sslrootcert ? { ca: params.sslrootcert } : {}), ...(params.sslcert ? { cert: params.sslcert } : {}), ...(params.sslkey ? { key: params.sslkey } : {}) },
      group: group ?? '',
      notes,
      ...(tunnel ? { ssh: tunnel } : {}),
      params: rest,
      ...(params.application_name ? { applicationName: params.application_name } : {}),
      ...(timeout !== undefined && Number.isFinite(timeout) && timeout > 0 ? { connectTimeoutSec: timeout } : {}),
      ...(hexColor(s(o.BGColor)) ? { color: hexColor(s(o.BGColor))! } : {}),
      usesPassword: o.KerberosAuthentication !== true,
    }),
  };
}
