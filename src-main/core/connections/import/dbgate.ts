import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import type { TlsMode } from '../../../shared/profile';
import { parseConnectionString, UrlError } from '../../../shared/url';
import { hexColor, makeProfile, sshTunnel, textOf, unsupported } from './build';
import { DBGATE_FILE_KEY, decryptWith, openKeyFile } from './tool-keys';
import type { LoadedFile, ParsedSource, RawCandidate } from './types';

/**
 * DbGate's connection store: ~/.dbgate/connections.jsonl, one JSON object per line (its
 * JsonLinesDatabase). Passwords are `crypt:` + simple-encryptor text under the key in ~/.dbgate/.key,
 * or plain text when the user chose "save raw". `parent` is the folder, one level.
 */

type Json = Record<string, unknown>;
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

const ENGINES: Record<string, Backend> = {
  'postgres@dbgate-plugin-postgres': 'postgresql',
  'mysql@dbgate-plugin-mysql': 'mysql',
  'mariadb@dbgate-plugin-mysql': 'mariadb',
  'sqlite@dbgate-plugin-sqlite': 'sqlite',
};

export function parseDbgate(files: LoadedFile[]): ParsedSource {
  const store = files.find((f) => f.name.endsWith('.jsonl')) ?? files.find((f) => basename(f.name) !== '.key');
  const keyFile = files.find((f) => basename(f.name) === '.key');
  if (!store) throw new AppError('BAD_INPUT', 'No connections.jsonl was given.', 'Choose connections.jsonl from ~/.dbgate (add .key beside it to import passwords).');
  const text = (() => {
    try {
      return textOf(store.bytes, basename(store.name));
    } catch (err) {
      throw new AppError('BAD_INPUT', `${(err as Error).message} It is not DbGate's connections.jsonl.`, 'Choose connections.jsonl from ~/.dbgate; nothing was imported.');
    }
  })();
  const rows: Json[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      rows.push(v as Json);
    } catch (err) {
      throw new AppError('BAD_INPUT', `Line ${i + 1} of ${basename(store.name)} is not a JSON object (${(err as Error).message}); this is not DbGate's connections.jsonl.`, 'Choose connections.jsonl from ~/.dbgate; nothing was imported.');
    }
  });
  if (rows.length > 0 && !rows.some((r) => typeof r.engine === 'string')) {
    throw new AppError('BAD_INPUT', `${basename(store.name)} holds JSON lines, but none has DbGate's "engine" field.`, 'Choose connections.jsonl from ~/.dbgate; nothing was imported.');
  }
  const out: ParsedSource = { candidates: [], warnings: [], files: files.map((f) => f.name) };
  let key: string | null = null;
  if (keyFile) {
    key = openKeyFile(keyFile.bytes.toString('utf8'), DBGATE_FILE_KEY);
    if (!key) out.warnings.push('.key is not DbGate\'s key file (it does not open with DbGate\'s key): encrypted passwords cannot be imported.');
  } else if (rows.some((r) => typeof r.password === 'string' && r.password.startsWith('crypt:'))) {
    out.warnings.push('DbGate\'s .key file (beside connections.jsonl) was not found, so encrypted passwords cannot be read; the connections import without them.');
  }
  for (const row of rows) out.candidates.push(connection(row, key));
  return out;
}

function connection(row: Json, key: string | null): RawCandidate {
  const origin = `connection ${s(row._id) ?? '?'}`;
  const engine = s(row.engine) ?? '';
  const backend = ENGINES[engine];
  const group = s(row.parent);
  const fallbackName = s(row.displayName) ?? s(row.defaultDatabase) ?? (s(row.databaseFile) ? basename(s(row.databaseFile)!) : undefined) ?? s(row.server) ?? engine;
  if (!backend) return unsupported(origin, fallbackName, `DbGate engine "${engine}" is not PostgreSQL, MySQL, MariaDB or SQLite.`, 'Poolscope examines those four; this connection is skipped.', group);
  const name = s(row.displayName) ?? (backend === 'sqlite' ? fallbackName : `${s(row.defaultDatabase) ?? s(row.server) ?? 'localhost'}`);
  const raw = s(row.password);
  let password: string | undefined;
  const warnings: string[] = [];
  if (raw?.startsWith('crypt:')) {
    if (key) {
      password = decryptWith(key, raw.slice('crypt:'.length)) ?? undefined;
      if (password === undefined) warnings.push('The saved password did not decrypt with the key in .key; it is not imported.');
    }
  } else if (raw) password = raw;
  const askMode = row.passwordMode === 'askPassword' || row.passwordMode === 'askUser';
  const notes: string[] = [];
  let tunnel: ReturnType<typeof sshTunnel>['ssh'];
  if (row.useSshTunnel === true) {
    const t = sshTunnel('DbGate', { host: s(row.sshHost), port: s(row.sshPort), user: s(row.sshLogin), auth: s(row.sshMode), keyFile: s(row.sshKeyfile), bastion: s(row.sshBastionHost) ? { host: s(row.sshBastionHost) } : null });
    notes.push(t.note);
    tunnel = t.ssh;
  }
  if (row.useDatabaseUrl === true && s(row.databaseUrl)) {
    try {
      const parsed = parseConnectionString(s(row.databaseUrl)!);
      return {
        origin,
        name,
        ...(group ? { group } : {}),
        profile: makeProfile({
          name,
          backend: parsed.backend,
          ...(parsed.host ? { host: parsed.host } : {}),
          ...(parsed.port ? { port: parsed.port } : {}),
          ...(parsed.socket ? { socket: parsed.socket } : {}),
          database: parsed.database,
          ...(parsed.user ? { user: parsed.user } : {}),
          tls: parsed.tls,
          group: group ?? '',
          notes,
          ...(tunnel ? { ssh: tunnel } : {}),
          params: parsed.options.params,
          usesPassword: parsed.password !== undefined || !!raw,
        }),
        warnings,
        ...(parsed.secretParams ? { secretParams: parsed.secretParams } : {}),
        ...((parsed.password ?? password) !== undefined ? { password: parsed.password ?? password, passwordSource: 'DbGate (connections.jsonl)' } : {}),
      };
    } catch (err) {
      const message = err instanceof UrlError ? err.message : (err as Error).message;
      return unsupported(origin, name, `DbGate's database URL could not be read: ${message}`, 'Add this connection by hand with "New".', group);
    }
  }
  let tls: { mode: TlsMode; ca?: string; cert?: string; key?: string } | undefined;
  if (backend !== 'sqlite') {
    const ca = s(row.sslCaFile);
    const cert = s(row.sslCertFile);
    const tlsKey = s(row.sslKeyFile);
    // DbGate passes rejectUnauthorized to the driver: the certificate is checked unless it is off.
    const mode: TlsMode = row.useSsl !== true ? (backend === 'postgresql' ? 'prefer' : 'disable') : row.sslRejectUnauthorized === false ? 'require' : 'verify-full';
    tls = { mode, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(tlsKey ? { key: tlsKey } : {}) };
  }
  const socket = row.authType === 'socket' ? (s(row.socketPath) ?? (backend === 'postgresql' ? '/var/run/postgresql' : '/var/run/mysqld/mysqld.sock')) : undefined;
  const port = s(row.port) ? Number(s(row.port)) : undefined;
  return {
    origin,
    name,
    ...(group ? { group } : {}),
    profile: makeProfile({
      name,
      backend,
      ...(s(row.server) ? { host: s(row.server)! } : {}),
      ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
      ...(socket ? { socket } : {}),
      ...(backend === 'sqlite' ? { database: s(row.databaseFile) ?? ':memory:' } : s(row.defaultDatabase) ? { database: s(row.defaultDatabase)! } : {}),
      ...(s(row.user) ? { user: s(row.user)! } : {}),
      ...(tls ? { tls } : {}),
      group: group ?? '',
      notes,
      ...(tunnel ? { ssh: tunnel } : {}),
      ...(hexColor(s(row.connectionColor)) ? { color: hexColor(s(row.connectionColor))! } : {}),
      usesPassword: !!raw || askMode,
    }),
    warnings,
    ...(password !== undefined ? { password, passwordSource: raw?.startsWith('crypt:') ? 'DbGate (connections.jsonl, .key)' : 'DbGate (saved as plain text)' } : {}),
  };
}
