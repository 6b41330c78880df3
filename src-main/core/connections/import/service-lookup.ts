import { AppError } from '../../../shared/errors';
import { parseConnectionString, UrlError, type ParsedConnection } from '../../../shared/url';
import { splitSecretParams } from '../../../shared/url-secrets';
import { makeProfile, unsupported } from './build';
import { serviceCandidate } from './client-files';
import { userServiceFile } from './locations';
import { resolveLibpq } from './libpq-resolve';
import { ServiceFileError } from './pg-service';
import type { ImportEnv, ParsedSource, RawCandidate } from './types';

/**
 * `service=NAME` resolved against this machine's service files in libpq's order, for a pasted
 * connection string and for pgAdmin servers defined by a Service. Values written in the string
 * itself win over the service's, as in libpq.
 */

/** The libpq keywords a parsed string states explicitly (sslmode only when it is not libpq's default). */
export function explicitKeywords(p: Pick<ParsedConnection, 'host' | 'socket' | 'port' | 'database' | 'user' | 'password' | 'secretParams' | 'tls' | 'options'>): Record<string, string> {
  const v: Record<string, string> = { ...p.options.params, ...p.secretParams };
  if (p.host) v.host = p.host;
  if (p.socket) v.host = p.socket;
  if (p.port) v.port = String(p.port);
  if (p.database) v.dbname = p.database;
  if (p.user) v.user = p.user;
  if (p.password !== undefined) v.password = p.password;
  if (p.tls.mode !== 'prefer') v.sslmode = p.tls.mode;
  if (p.tls.ca) v.sslrootcert = p.tls.ca;
  if (p.tls.cert) v.sslcert = p.tls.cert;
  if (p.tls.key) v.sslkey = p.tls.key;
  if (p.options.applicationName) v.application_name = p.options.applicationName;
  return v;
}

function serviceProblem(err: unknown, service: string, env: ImportEnv): never {
  if (err instanceof ServiceFileError) {
    throw new AppError('NOT_FOUND', `libpq would fail here: ${err.message}.`, `Define [${service}] in ${userServiceFile(env)} (or the file PGSERVICEFILE names), or fix the line shown; nothing was imported.`);
  }
  throw err;
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
  let file: string | undefined;
  try {
    file = resolveLibpq(explicitKeywords(parsed), env).serviceFile;
  } catch (err) {
    serviceProblem(err, service, env);
  }
  const c = serviceCandidate(service, explicitKeywords(parsed), `service ${service} in ${file}`, env);
  if (c.profile && parsed.driver) c.profile = { ...c.profile, service: { ...c.profile.service, driver: parsed.driver } };
  return { candidates: [c], warnings: [], files: file ? [file] : [] };
}

/** pgAdmin servers that name a Service: fill in what the service defines (the server's own settings win). */
export function resolveServiceSources(parsed: ParsedSource, env: ImportEnv): ParsedSource {
  const candidates = parsed.candidates.map((c): RawCandidate => {
    const service = (c as RawCandidate & { service?: string }).service;
    if (!service || !c.profile) return c;
    const p = c.profile;
    const explicit: Record<string, string> = { service };
    if (p.host) explicit.host = p.host;
    if (p.socket) explicit.host = p.socket;
    if (p.port) explicit.port = String(p.port);
    if (p.database) explicit.dbname = p.database;
    if (p.user) explicit.user = p.user;
    if (c.passfile) explicit.passfile = c.passfile;
    let file: string | undefined;
    try {
      file = resolveLibpq(explicit, env).serviceFile;
    } catch (err) {
      if (err instanceof ServiceFileError) return unsupported(c.origin, c.name, `Its Service "${service}" cannot be resolved here: ${err.message}.`, 'Define the service in ~/.pg_service.conf on this machine, or import the server with its host.', c.group);
      throw err;
    }
    const s = serviceCandidate(service, explicit, c.origin, env);
    if (!s.profile) return { ...s, name: c.name, ...(c.group ? { group: c.group } : {}) };
    // The server's own settings win over the service's, secret parameters included.
    const own = splitSecretParams(p.options?.params ?? {});
    const secretParams = { ...s.secretParams, ...c.secretParams, ...own.secrets };
    const svc = s.profile;
    const ownTls = p.tls ?? { mode: 'prefer' as const };
    const svcTls = svc.tls ?? { mode: 'prefer' as const };
    const ca = ownTls.ca ?? svcTls.ca;
    const cert = ownTls.cert ?? svcTls.cert;
    const key = ownTls.key ?? svcTls.key;
    const applicationName = p.options?.applicationName ?? svc.options?.applicationName;
    const connectTimeoutSec = p.options?.connectTimeoutSec ?? svc.options?.connectTimeoutSec;
    return {
      ...c,
      ...(s.password !== undefined ? { password: s.password, ...(s.passwordSource ? { passwordSource: s.passwordSource } : {}) } : {}),
      ...(Object.keys(secretParams).length ? { secretParams } : {}),
      profile: makeProfile({
        name: c.name,
        backend: 'postgresql',
        ...(svc.host ? { host: svc.host } : {}),
        ...(svc.port ? { port: svc.port } : {}),
        ...(svc.socket ? { socket: svc.socket } : {}),
        database: svc.database ?? '',
        ...(svc.user ? { user: svc.user } : {}),
        tls: { mode: (ownTls.mode && ownTls.mode !== 'prefer' ? ownTls.mode : svcTls.mode) ?? 'prefer', ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) },
        params: { ...splitSecretParams(svc.options?.params ?? {}).params, ...own.params },
        ...(applicationName ? { applicationName } : {}),
        ...(connectTimeoutSec !== undefined ? { connectTimeoutSec } : {}),
        group: p.group ?? '',
        notes: [...(p.notes ? [p.notes] : []), `Resolved from service "${service}" in ${file}.`],
        ...(p.color ? { color: p.color } : {}),
        ...(p.ssh ? { ssh: p.ssh } : {}),
        usesPassword: p.passwordMode !== 'none',
      }),
    };
  });
  return { ...parsed, candidates };
}
