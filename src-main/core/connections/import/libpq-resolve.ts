import { basename } from 'node:path';
import { systemServiceFiles, userServiceFile, defaultPgpassFile } from './locations';
import { defaultSocketDir, matchPgpass, pgpassPermissionProblem, readPgpass } from './pgpass';
import { resolveService, type ServiceFileSource } from './pg-service';
import type { ImportEnv } from './types';

/**
 * What libpq settles on for a set of connection keywords before it connects: the service's values
 * under the explicit ones, then libpq's defaults (the default socket folder, port 5432, the OS user,
 * a database named like the user), then the password from the password file. The differential test
 * holds this against libpq itself (PQconnectStart, then PQhost/PQport/PQdb/PQuser/PQpass).
 */

export interface LibpqResolved {
  /** A host name, or a socket folder (starts with /). */
  host: string;
  port: string;
  dbname: string;
  user: string;
  password?: string;
  passwordSource?: string;
  /** The service file the values came from, when a service was named. */
  serviceFile?: string;
  /** Every keyword libpq ended up with from the string and the service (sslmode, options …), password excluded. */
  values: Record<string, string>;
}

function serviceFiles(env: ImportEnv): { user: ServiceFileSource; system: ServiceFileSource | null } {
  const read = (path: string): ServiceFileSource => ({ path, text: env.readFile(path)?.toString('utf8') ?? null });
  const user = { ...read(userServiceFile(env)), required: !!env.env.PGSERVICEFILE };
  const system = systemServiceFiles(env).map(read).find((f) => f.text !== null) ?? null;
  return { user, system };
}

/** `explicit` holds libpq keywords as written in the connection string (host, port, dbname, user, password, service, passfile …). */
export function resolveLibpq(explicit: Record<string, string>, env: ImportEnv): LibpqResolved {
  let values = { ...explicit };
  let serviceFile: string | undefined;
  if (values.service) {
    const { user, system } = serviceFiles(env);
    const found = resolveService(values.service, user, system);
    serviceFile = found.file;
    // libpq fills only what the string left unset.
    values = { ...found.values, ...values };
  }
  delete values.service;
  const socketDir = defaultSocketDir(env.platform);
  const host = values.host || values.hostaddr || socketDir || 'localhost';
  const port = values.port || '5432';
  const user = values.user || env.osUser;
  const dbname = values.dbname || user;
  const out: LibpqResolved = { host, port, dbname, user, values: { ...values } };
  delete out.values.password;
  if (serviceFile) out.serviceFile = serviceFile;
  if (values.password !== undefined && values.password !== '') {
    out.password = values.password;
    out.passwordSource = serviceFile && !explicit.password ? `${basename(serviceFile)} [${explicit.service}]` : 'the connection string';
    return out;
  }
  const passfile = values.passfile || defaultPgpassFile(env);
  const st = env.stat(passfile);
  if (!st || !st.isFile || pgpassPermissionProblem(st.mode, env.platform)) return out;
  const bytes = env.readFile(passfile);
  if (!bytes) return out;
  // The lookup uses host (not hostaddr) when both are given, as libpq does.
  const m = matchPgpass(readPgpass(bytes.toString('utf8')), { host: values.host || values.hostaddr || '', port, database: dbname, user }, env.osUser, socketDir);
  if (m) {
    out.password = m.password;
    out.passwordSource = `${basename(passfile)} line ${m.line}`;
  }
  return out;
}
