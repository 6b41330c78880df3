import { basename, resolve } from 'node:path';
import { BACKEND_INFO } from '../../../shared/backends';
import { splitSecretParams } from '../../../shared/url-secrets';
import { describeTarget, profileInputSchema, type ProfileData, type ProfileInput } from '../../../shared/profile';
import type { ImportCandidateView } from '../../../shared/import-types';
import { asyncpgPassword, defaultSocketDir, matchPgpass, pgpassPermissionProblem, readPgpass, type PgpassLine } from './pgpass';
import { defaultPgpassFile } from './locations';
import type { ImportEnv, RawCandidate } from './types';

/**
 * What every source shares after parsing: passwords from .pgpass for PostgreSQL rows that have
 * none (libpq's file and matching rules), profile validation, and duplicate detection against the
 * saved connections and the rows before it.
 */

export interface Candidate extends ImportCandidateView {
  /** Kept in the main process only. */
  secret?: string;
  /** Values of the secret parameters named in `secretParams`; main process only. */
  secretValues?: Record<string, string>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Same backend family, host (loopback names are one), port, database and user → the same connection. */
export function identityKey(p: Pick<ProfileData, 'backend' | 'host' | 'port' | 'socket' | 'database' | 'user'>): string {
  const info = BACKEND_INFO[p.backend];
  if (info.family === 'sqlite') return `sqlite|${p.database === ':memory:' ? ':memory:' : resolve(p.database)}`;
  const host = p.socket ? `socket:${p.socket.replace(/\/+$/, '')}` : (p.host ?? 'localhost').toLowerCase();
  return [info.family, LOOPBACK.has(host) ? 'loopback' : host, p.port ?? info.defaultPort, p.database, p.user ?? ''].join('|');
}

export class PgpassCache {
  private readonly files = new Map<string, { lines: PgpassLine[]; problem: string | null } | null>();
  constructor(
    private readonly env: ImportEnv,
    /** The file being imported when the source is .pgpass itself (matched as given). */
    private readonly given?: { path: string; text: string },
  ) {}

  get(path: string): { lines: PgpassLine[]; problem: string | null } | null {
    if (this.given && (path === this.given.path || path === 'given')) return { lines: readPgpass(this.given.text), problem: null };
    if (!this.files.has(path)) {
      const st = this.env.stat(path);
      const bytes = st?.isFile ? this.env.readFile(path) : null;
      this.files.set(path, bytes ? { lines: readPgpass(bytes.toString('utf8')), problem: st ? pgpassPermissionProblem(st.mode, this.env.platform) : null } : null);
    }
    return this.files.get(path)!;
  }
}

export function finishCandidates(raw: RawCandidate[], saved: ProfileData[] & Array<{ id?: string; name: string }>, env: ImportEnv, pgpass: PgpassCache, opts: { pgpassPath?: string } = {}): { candidates: Candidate[]; warnings: string[] } {
  const warnings = new Set<string>();
  const seen = new Map<string, { key: string; name: string }>();
  const savedKeys = new Map<string, { id?: string; name: string }>();
  for (const s of saved) savedKeys.set(identityKey(s), { ...(s.id ? { id: s.id } : {}), name: s.name });
  const out: Candidate[] = raw.map((r, i) => {
    const key = `c${i}`;
    const notes = r.notes ?? [];
    const warns = [...(r.warnings ?? [])];
    if (!r.profile || r.error) {
      return { key, action: 'create', name: r.name, group: r.group ?? '', origin: r.origin, password: { available: false }, notes, warnings: warns, error: r.error ?? { message: 'Nothing to import here.', hint: '' }, checked: false };
    }
    const parsed = profileInputSchema.safeParse(r.profile);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { key, action: 'create', name: r.name, group: r.group ?? '', origin: r.origin, password: { available: false }, notes, warnings: warns, error: { message: `${issue?.path.join('.') || 'profile'}: ${issue?.message}`, hint: 'Add this connection by hand with "New".' }, checked: false };
    }
    // Secrets never ride in the profile the preview shows: a source that left one among the
    // parameters (pgAdmin's ConnectionParameters …) has it taken out here, as the store would on save.
    const split = splitSecretParams(parsed.data.options.params);
    const profile = { ...parsed.data, options: { ...parsed.data.options, params: split.params } };
    const secretValues: Record<string, string> = { ...split.secrets, ...r.secretParams };
    let secret = r.password;
    let source = r.passwordSource;
    if (split.password !== undefined) {
      if (secret === undefined) {
        secret = split.password;
        source ??= 'its connection parameters';
      } else if (secretValues.password === undefined) secretValues.password = split.password;
    }
    const secretNames = Object.keys(secretValues).filter((n) => secretValues[n] !== '').sort();
    if (secret === undefined && profile.backend === 'postgresql') {
      const path = opts.pgpassPath ?? (r.passfile ? r.passfile.replace(/^~(?=\/|$)/, env.home) : defaultPgpassFile(env));
      const file = pgpass.get(path);
      if (file) {
        if (file.problem && !opts.pgpassPath) warnings.add(`${path}: ${file.problem}`);
        else {
          const m = matchPgpass(file.lines, { host: profile.socket ?? profile.host, port: profile.port, database: profile.database, user: profile.user }, env.osUser, defaultSocketDir(env.platform));
          if (m) {
            secret = m.password;
            source = `${basename(path)} line ${m.line}`;
            const raw = file.lines.find((l) => l.line === m.line)?.raw ?? '';
            if ((profile.service.driver ?? 'asyncpg') === 'asyncpg' && asyncpgPassword(raw) !== m.password) {
              warns.push(`asyncpg reads ${source} differently from libpq (it keeps the backslash escapes), so a service on asyncpg would send another password; psycopg and psql send this one.`);
            }
          }
        }
      }
    }
    const target = describeTarget(profile);
    const view: Candidate = {
      key,
      action: r.setPasswordOn ? 'setPassword' : 'create',
      ...(r.setPasswordOn ? { targetId: r.setPasswordOn.id } : {}),
      name: r.setPasswordOn?.name ?? profile.name,
      group: profile.group,
      backend: profile.backend,
      target,
      ...(profile.user ? { user: profile.user } : {}),
      profile: profile as ProfileInput,
      origin: r.origin,
      password: secret !== undefined ? { available: true, ...(source ? { source } : {}) } : { available: false },
      ...(secretNames.length ? { secretParams: secretNames } : {}),
      notes,
      warnings: warns,
      checked: true,
      ...(secret !== undefined ? { secret } : {}),
      ...(secretNames.length ? { secretValues: Object.fromEntries(secretNames.map((n) => [n, secretValues[n]!])) } : {}),
    };
    if (!r.setPasswordOn) {
      const id = identityKey(profile);
      const dupSaved = savedKeys.get(id);
      const dupHere = seen.get(id);
      if (dupSaved) view.duplicateOf = { name: dupSaved.name, ...(dupSaved.id ? { id: dupSaved.id } : {}) };
      else if (dupHere) view.duplicateOf = { name: dupHere.name, key: dupHere.key };
      else seen.set(id, { key, name: profile.name });
      if (view.duplicateOf) view.checked = false;
    }
    return view;
  });
  return { candidates: out, warnings: [...warnings] };
}

/** The view sent to the renderer: the same rows without the password and secret parameter values. */
export function publicView(c: Candidate): ImportCandidateView {
  const { secret: _secret, secretValues: _values, ...view } = c;
  return view;
}
