import { createDecipheriv } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import type { Environment, TlsMode } from '../../../shared/profile';
import { hexColor, jdbcProblem, makeProfile, sshTunnel, textOf, TLS_FROM_LIBPQ, unsupported } from './build';
import { jdbcSecretParams, parseJdbcUrl } from './jdbc';
import type { LoadedFile, ParsedSource, RawCandidate } from './types';

/**
 * DBeaver's workspace files (DataSourceSerializerModern): data-sources*.json holds folders and
 * connections; credentials-config*.json holds user names and passwords, encrypted with AES-128-CBC
 * under a key that is the same in every DBeaver Community install (16 random bytes of IV first).
 *
 * Why Poolscope decrypts it: the key is published by DBeaver itself (its wiki explains how to read
 * the file with openssl), so the encryption protects nothing against a program running as the
 * user; refusing would only make people retype passwords. It happens only when the user asks to
 * import passwords, and the result goes straight into Poolscope's own secret store. A workspace
 * protected by a DBeaver master password, or using the OS keychain, cannot be read this way: the
 * preview says so and the connections import without passwords.
 */
const DBEAVER_KEY = Buffer.from('babb4a9f774ab853c96c2d653dfe544a', 'hex');

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export function decryptDbeaverCredentials(bytes: Buffer): Record<string, Record<string, Record<string, string>>> {
  if (bytes.length < 32 || (bytes.length - 16) % 16 !== 0) throw new Error('the file is too short or not a whole number of AES blocks');
  const decipher = createDecipheriv('aes-128-cbc', DBEAVER_KEY, bytes.subarray(0, 16));
  const plain = Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
  const parsed = JSON.parse(plain) as unknown;
  return obj(parsed) as Record<string, Record<string, Record<string, string>>>;
}

function backendOf(provider: string, driver: string, url: string | undefined): Backend | null {
  const p = provider.toLowerCase();
  const d = driver.toLowerCase();
  if (p === 'postgresql') return 'postgresql';
  if (p === 'mysql') return d.includes('maria') ? 'mariadb' : 'mysql';
  if (p === 'sqlite' || d.includes('sqlite')) return 'sqlite';
  if (url) {
    const m = /^jdbc:(postgresql|mysql|mariadb|sqlite):/i.exec(url);
    if (m) return m[1]!.toLowerCase() as Backend;
  }
  return null;
}

const ENVIRONMENTS: Record<string, Environment> = { prod: 'production', test: 'test', dev: 'local' };

function tlsFrom(handlers: Json): { mode: TlsMode; ca?: string; cert?: string; key?: string } | undefined {
  for (const [id, h] of Object.entries(handlers)) {
    const handler = obj(h);
    if (!/ssl/i.test(id) || handler.enabled !== true) continue;
    const props = obj(handler.properties);
    const rawMode = (str(props.sslMode) ?? str(props['ssl.mode']) ?? '').toLowerCase();
    const mode: TlsMode = TLS_FROM_LIBPQ[rawMode] ?? (props['ssl.verify.server'] === 'true' || props.verifyServerCert === 'true' ? 'verify-full' : 'require');
    const ca = str(props['ssl.ca.cert']) ?? str(props['ssl.ca']) ?? str(props.sslRootCert);
    const cert = str(props['ssl.client.cert']) ?? str(props['ssl.cert']) ?? str(props.sslCert);
    const key = str(props['ssl.client.key']) ?? str(props['ssl.key']) ?? str(props.sslKey);
    return { mode, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }
  return undefined;
}

export function parseDbeaver(files: LoadedFile[]): ParsedSource {
  const sources = files.filter((f) => /data-sources[^/\\]*\.json$/i.test(basename(f.name)));
  const creds = files.filter((f) => /credentials-config[^/\\]*\.json$/i.test(basename(f.name)));
  if (sources.length === 0) {
    throw new AppError('BAD_INPUT', `None of ${files.map((f) => basename(f.name)).join(', ')} is DBeaver's data-sources.json.`, 'Choose data-sources.json from the workspace folder (…/DBeaverData/workspace6/General/.dbeaver/); add credentials-config.json beside it to import passwords.');
  }
  const out: ParsedSource = { candidates: [], warnings: [], files: files.map((f) => f.name) };
  let secrets: Record<string, Record<string, Record<string, string>>> = {};
  for (const c of creds) {
    try {
      secrets = { ...secrets, ...decryptDbeaverCredentials(c.bytes) };
    } catch {
      out.warnings.push(`${basename(c.name)} could not be decrypted with DBeaver's default key (a DBeaver master password or the OS keychain protects it): connections import without passwords.`);
    }
  }
  if (creds.length === 0) out.warnings.push('No credentials-config.json was given, so user names saved only there and all passwords are missing; add it to import them.');
  for (const file of sources) {
    let root: Json;
    try {
      root = obj(JSON.parse(textOf(file.bytes, basename(file.name))));
    } catch (err) {
      throw new AppError('BAD_INPUT', `${basename(file.name)} is not valid JSON (${(err as Error).message}).`, 'Choose the data-sources.json DBeaver wrote; nothing was imported.');
    }
    if (!root.connections || typeof root.connections !== 'object') {
      throw new AppError('BAD_INPUT', `${basename(file.name)} is JSON but not a DBeaver data-sources file (it has no "connections" object).`, 'Choose data-sources.json from DBeaver\'s workspace (…/General/.dbeaver/); nothing was imported.');
    }
    for (const [id, raw] of Object.entries(obj(root.connections))) out.candidates.push(connection(id, obj(raw), secrets[id] ?? {}));
  }
  return out;
}

function connection(id: string, c: Json, secret: Record<string, Record<string, string>>): RawCandidate {
  const origin = `connection ${id}`;
  const name = str(c.name) ?? id;
  const group = str(c.folder);
  const cfg = obj(c.configuration);
  const provider = str(c.provider) ?? '';
  const driver = str(c.driver) ?? '';
  const url = str(cfg.url);
  const backend = backendOf(provider, driver, url);
  if (!backend) return unsupported(origin, name, `DBeaver connection type ${provider}/${driver} is not PostgreSQL, MySQL, MariaDB or SQLite.`, 'Poolscope examines those four; this connection is skipped.', group);
  let host = str(cfg.host);
  let port = str(cfg.port) ? Number(str(cfg.port)) : undefined;
  let database = str(cfg.database);
  if ((!host && backend !== 'sqlite') || (backend === 'sqlite' && !database) || cfg['configurationType'] === 'URL') {
    if (url) {
      try {
        const t = parseJdbcUrl(url);
        host = host ?? t.host;
        port = port ?? t.port;
        database = database ?? t.database;
      } catch (err) {
        return jdbcProblem(origin, name, err);
      }
    }
  }
  const conn = secret['#connection'] ?? {};
  const user = conn.user ?? str(cfg.user);
  const password = conn.password ?? str(cfg.password);
  const notes: string[] = [];
  let tunnel: ReturnType<typeof sshTunnel>['ssh'];
  const handlers = obj(cfg.handlers);
  const ssh = obj(handlers.ssh_tunnel);
  if (ssh.enabled === true) {
    const props = obj(ssh.properties);
    const sshUser = secret['network/ssh_tunnel']?.user ?? str(ssh.user);
    const t = sshTunnel('DBeaver', { host: str(props.host), port: str(props.port), user: sshUser, auth: str(props.authType)?.toLowerCase().replace('_', ' '), keyFile: str(props.keyPath) });
    notes.push(t.note);
    tunnel = t.ssh;
  }
  for (const [hid, h] of Object.entries(handlers)) {
    if (hid !== 'ssh_tunnel' && !/ssl/i.test(hid) && obj(h).enabled === true) notes.push(`DBeaver network handler "${hid}" is enabled; Poolscope does not use it.`);
  }
  const description = str(c.description);
  if (description) notes.push(description);
  if (driver && backend === 'postgresql' && driver !== 'postgres-jdbc') notes.push(`DBeaver driver "${driver}" (a PostgreSQL-compatible database).`);
  const environment = ENVIRONMENTS[str(cfg.type) ?? ''];
  const tls = tlsFrom(handlers);
  const secretParams = jdbcSecretParams(url);
  return {
    origin,
    name,
    ...(group ? { group } : {}),
    ...(secretParams ? { secretParams } : {}),
    profile: makeProfile({
      name,
      backend,
      ...(host ? { host } : {}),
      ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
      ...(database ? { database } : {}),
      ...(user ? { user } : {}),
      ...(tls ? { tls } : {}),
      ...(group ? { group } : {}),
      notes,
      ...(tunnel ? { ssh: tunnel } : {}),
      ...(environment ? { environment } : {}),
      ...(hexColor(str(cfg.color)) ? { color: hexColor(str(cfg.color))! } : {}),
      usesPassword: password !== undefined && password !== '' ? true : c['save-password'] === true,
    }),
    ...(password !== undefined && password !== '' ? { password, passwordSource: conn.password !== undefined ? 'credentials-config.json' : 'data-sources.json' } : {}),
  };
}
