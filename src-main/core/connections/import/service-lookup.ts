import { AppError } from '../../../shared/errors';
import { parseConnectionString, UrlError, type ParsedConnection } from '../../../shared/url';
import { makeProfile, unsupported } from './build';
import { serviceCandidate } from './client-files';
import { systemServiceFiles, userServiceFile } from './locations';
import { resolveService, ServiceFileError, type ServiceFileSource } from './pg-service';
import type { ImportEnv, ParsedSource, RawCandidate } from './types';

/**
 * `service=NAME` resolved against this machine's service files in libpq's order, for a pasted
 * connection string and for pgAdmin servers defined by a Service. Values written in the string
 * itself win over the service's, as in libpq.
 */

function serviceFiles(env: ImportEnv): { user: ServiceFileSource | null; system: ServiceFileSource | null } {
  const read = (path: string): ServiceFileSource => ({ path, text: env.readFile(path)?.toString('utf8') ?? null });
  const user = read(userServiceFile(env));
  const system = systemServiceFiles(env)
    .map(read)
    .find((f) => f.text !== null) ?? null;
  return { user, system };
}

export function lookupService(name: string, env: ImportEnv): { values: Record<string, string>; file: string } {
  const { user, system } = serviceFiles(env);
  return resolveService(name, user, system);
}

/** Merges the explicit settings of a parsed string over a service's (explicit ones win). */
function explicitValues(p: ParsedConnection): Record<string, string> {
  const v: Record<string, string> = {};
  if (p.host) v.host = p.host;
  if (p.socket) v.host = p.socket;
  if (p.port) v.port = String(p.port);
  if (p.database) v.dbname = p.database;
  if (p.user) v.user = p.user;
  if (p.password !== undefined) v.password = p.password;
  return v;
}

export function serviceUrlSource(text: string, env: ImportEnv): ParsedSource {
  let parsed: ParsedConnection;
  try {
    parsed = parseConnectionString(text);
  } catch (err) {
    if (err instanceof UrlError) throw new AppError('BAD_URL', err.message, err.hint, { part: err.part });
    throw err;
  }
  const service = parsed.options.params.service;
  if (parsed.backend !== 'postgresql' || !service) throw new AppError('BAD_INPUT', 'This connection string has no service=… setting.', 'Import it from the URL tab instead.');
  let resolved;
  try {
    resolved = lookupService(service, env);
  } catch (err) {
    if (err instanceof ServiceFileError) {
      throw new AppError('NOT_FOUND', `libpq would fail here: ${err.message}.`, `Define [${service}] in ${userServiceFile(env)} (or the file PGSERVICEFILE names), or fix the line shown; nothing was imported.`);
    }
    throw err;
  }
  const { service: _s, ...params } = parsed.options.params;
  const merged = { ...resolved.values, ...explicitValues(parsed) };
  const c = serviceCandidate(service, merged, `service ${service} in ${resolved.file}`);
  if (c.profile) {
    c.profile = {
      ...c.profile,
      options: { ...c.profile.options, params: { ...(c.profile.options?.params ?? {}), ...params } },
      ...(parsed.driver ? { service: { ...c.profile.service, driver: parsed.driver } } : {}),
    };
  }
  return { candidates: [c], warnings: [], files: [resolved.file] };
}

/** pgAdmin servers that name a Service: fill in what the service defines (the server's own settings win). */
export function resolveServiceSources(parsed: ParsedSource, env: ImportEnv): ParsedSource {
  const candidates = parsed.candidates.map((c) => {
    const service = (c as RawCandidate & { service?: string }).service;
    if (!service || !c.profile) return c;
    let resolved;
    try {
      resolved = lookupService(service, env);
    } catch (err) {
      if (err instanceof ServiceFileError) return unsupported(c.origin, c.name, `Its Service "${service}" cannot be resolved here: ${err.message}.`, 'Define the service in ~/.pg_service.conf on this machine, or import the server with its host.', c.group);
      throw err;
    }
    const p = c.profile;
    const explicit: Record<string, string> = {};
    if (p.host) explicit.host = p.host;
    if (p.socket) explicit.host = p.socket;
    if (p.port) explicit.port = String(p.port);
    if (p.database) explicit.dbname = p.database;
    if (p.user) explicit.user = p.user;
    const s = serviceCandidate(service, { ...resolved.values, ...explicit }, c.origin);
    if (!s.profile) return { ...s, name: c.name, ...(c.group ? { group: c.group } : {}) };
    return {
      ...c,
      ...(s.password !== undefined ? { password: s.password, passwordSource: s.passwordSource } : {}),
      ...(s.passfile && !c.passfile ? { passfile: s.passfile } : {}),
      profile: makeProfile({
        name: c.name,
        backend: 'postgresql',
        ...(s.profile.host ? { host: s.profile.host } : {}),
        ...(s.profile.port ? { port: s.profile.port } : {}),
        ...(s.profile.socket ? { socket: s.profile.socket } : {}),
        database: s.profile.database ?? '',
        ...(s.profile.user ? { user: s.profile.user } : {}),
        tls: p.tls?.mode && p.tls.mode !== 'prefer' ? { mode: p.tls.mode } : (s.profile.tls as { mode: 'prefer' }),
        group: p.group ?? '',
        notes: [...(p.notes ? [p.notes] : []), `Resolved from service "${service}" in ${resolved.file}.`],
        usesPassword: true,
      }),
    };
  });
  return { ...parsed, candidates };
}
