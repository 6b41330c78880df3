import type Database from 'better-sqlite3';
import { lazyPackage } from '../lazy-require';
import { AppError } from '../../shared/errors';
// Types only from the schemas' module: the schema (zod) comes through ProfileSchemaSource, so a
// command that only lists saved connections need not load it (see profile-stamp.ts).
import type { ConnectionProfile, ConnectionSummary, ProfileData, ProfileInput } from '../../shared/profile';
import { describeTarget } from '../../shared/profile-vocab';
import { profileStamp, type ProfileSchemaSource } from './profile-stamp';
import { isInGroup, renamedGroup } from '../../shared/groups';
import type { Logger } from '../logging/logger';
import type { SecretStore } from './secret-store';
import { splitSecretParams } from '../../shared/url-secrets';
import type { TestReport } from '../../shared/conn-test';
import { LastTestStore, withStale } from './last-test';

// Loaded when a connection is created, not when the list is read (see secrets.ts).
const crypto = lazyPackage<typeof import('node:crypto')>('node:crypto');

interface Row {
  id: string;
  name: string;
  profile: string;
  builtin: number;
  position: number;
  created_at: string;
  updated_at: string;
  /** profile-stamp.ts: the schema that accepted `profile` and a digest of it; null when never stamped. */
  checked: string | null;
}

/** A profile with its id, for code in the main process (still without the password). */
export interface StoredConnection extends ConnectionProfile {}

/**
 * Saved connections in the app database. Names are unique (case-insensitive) because the command
 * line refers to connections by name. Every change is one transaction: a crash mid-save loses at
 * most that change. Transactions that read before they write start IMMEDIATE (take the write lock
 * first): the app, serve mode and the CLI share this file, and a deferred one would fail at once
 * with SQLITE_BUSY when another process wrote in between, instead of waiting for the lock.
 */
export class ConnectionStore {
  private readonly listeners = new Set<(ids: string[]) => void>();
  private readonly tests: LastTestStore;

  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
    private readonly profiles: ProfileSchemaSource,
  ) {
    this.tests = new LastTestStore(db, logger);
  }

  /** True when some saved row cannot be read without the profile schema (no valid stamp). */
  needsSchema(): boolean {
    const rows = this.db.prepare('SELECT profile, checked FROM connections').all() as Array<Pick<Row, 'profile' | 'checked'>>;
    return rows.some((r) => !this.trusted(r));
  }

  /** The row's text was accepted, exactly as it is, by this build's schema, which would return it unchanged. */
  private trusted(row: Pick<Row, 'profile' | 'checked'>): boolean {
    const tag = this.profiles.tag;
    return tag !== undefined && row.checked !== null && row.checked === profileStamp(tag, row.profile);
  }

  /**
   * The stamp to save with a profile's text, or null. Only for text the schema returns unchanged
   * (its own output, written as JSON), so reading it back without the schema gives what the schema would.
   */
  private stampFor(text: string): string | null {
    const tag = this.profiles.tag;
    if (tag === undefined) return null;
    const again = this.profiles.schema().safeParse(JSON.parse(text));
    return again.success && JSON.stringify(again.data) === text ? profileStamp(tag, text) : null;
  }

  /**
   * Keeps a finished test of the saved profile as the connection's last result (a cancelled one
   * keeps the previous result) and tells listeners, so every window's sidebar shows the new state.
   */
  recordTest(id: string, report: TestReport): void {
    let saved: StoredConnection;
    try {
      saved = this.get(id);
    } catch {
      return; // deleted while the test ran
    }
    if (this.tests.record(id, this.profileOf(saved), report)) this.changed([id]);
  }

  /** The last finished test of a saved connection, or null. */
  lastTest(id: string) {
    return this.tests.last(id, this.profileOf(this.get(id)));
  }

  onChange(listener: (ids: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(ids: string[]): void {
    for (const l of this.listeners) l(ids);
  }

  list(): ConnectionSummary[] {
    const rows = this.db.prepare('SELECT * FROM connections ORDER BY position, created_at').all() as Row[];
    const out: ConnectionSummary[] = [];
    const tests = this.tests.all();
    for (const row of rows) {
      const p = this.decode(row);
      if (!p) continue;
      const test = tests.get(p.id);
      out.push({
        id: p.id,
        name: p.name,
        backend: p.backend,
        environment: p.service.environment,
        ...(p.color ? { color: p.color } : {}),
        tags: p.tags,
        group: p.group,
        target: describeTarget(p),
        builtin: p.builtin,
        ...(test ? { lastTest: withStale(test, this.profileOf(p)) } : {}),
      });
    }
    return out;
  }

  /** All profiles (for export and for the checks that look at every connection). */
  all(): StoredConnection[] {
    const rows = this.db.prepare('SELECT * FROM connections ORDER BY position, created_at').all() as Row[];
    return rows.map((r) => this.decode(r)).filter((p): p is StoredConnection => p !== null);
  }

  get(id: string): StoredConnection {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as Row | undefined;
    const p = row ? this.decode(row) : null;
    if (!p) throw notFound(id);
    return p;
  }

  findByName(name: string): StoredConnection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE name = ? COLLATE NOCASE').get(name.trim()) as Row | undefined;
    return row ? (this.decode(row) ?? undefined) : undefined;
  }

  /**
   * `secrets`: values of secret URL parameters (a duplicate or a restored back-up brings them);
   * secrets found among `profile.options.params` (a pasted `?password=` or `?sslpassword=`) are
   * moved there too, so no secret is ever written into the profile.
   */
  create(profile: ProfileInput, password?: string, opts: { builtin?: boolean; id?: string; secrets?: Record<string, string> } = {}): StoredConnection {
    const moved = moveSecrets(this.profiles.schema().parse(profile), password);
    const secrets = { ...opts.secrets, ...moved.secrets };
    const data = withSecretNames(moved.data, Object.keys(secrets));
    password = moved.password;
    const id = opts.id ?? crypto().randomUUID();
    const now = new Date().toISOString();
    const text = JSON.stringify(data);
    const checked = this.stampFor(text);
    this.db.transaction(() => {
      this.assertNameFree(data.name);
      const pos = (this.db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM connections').get() as { p: number }).p;
      this.db
        .prepare('INSERT INTO connections (id, name, profile, builtin, position, created_at, updated_at, checked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, data.name, text, opts.builtin ? 1 : 0, pos, now, now, checked);
      if (password !== undefined && password !== '' && data.passwordMode === 'saved') this.secrets.set(id, password);
      for (const [name, value] of Object.entries(secrets)) this.secrets.setParam(id, name, value);
    }).immediate();
    this.logger.info('connection created', { id, backend: data.backend });
    this.changed([id]);
    return this.get(id);
  }

  /**
   * Secret parameters: `options.secretParams` absent keeps the saved ones; a list keeps only those
   * named; a secret among `options.params` replaces (or, given empty, forgets) the saved value.
   */
  update(id: string, profile: ProfileData, password?: string | null): StoredConnection {
    const parsed = this.profiles.schema().parse(profile);
    const moved = moveSecrets(parsed, password ?? undefined);
    if (password !== null) password = moved.password;
    this.db.transaction(() => {
      this.get(id);
      const saved = this.secrets.paramNames(id);
      const listed = parsed.options.secretParams;
      const keep = saved.filter((n) => (listed === undefined || listed.includes(n)) && !moved.cleared.includes(n));
      const names = [...new Set([...keep, ...Object.keys(moved.secrets)])];
      const data = withSecretNames(moved.data, names);
      this.assertNameFree(data.name, id);
      const text = JSON.stringify(data);
      this.db
        .prepare('UPDATE connections SET name = ?, profile = ?, updated_at = ?, checked = ? WHERE id = ?')
        .run(data.name, text, new Date().toISOString(), this.stampFor(text), id);
      if (data.passwordMode !== 'saved' || password === null) this.secrets.delete(id);
      else if (typeof password === 'string' && password !== '') this.secrets.set(id, password);
      for (const n of saved) if (!names.includes(n)) this.secrets.deleteParam(id, n);
      for (const [name, value] of Object.entries(moved.secrets)) this.secrets.setParam(id, name, value);
    }).immediate();
    this.logger.info('connection updated', { id });
    this.changed([id]);
    return this.get(id);
  }

  delete(id: string): boolean {
    const info = this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    if (info.changes > 0) {
      this.logger.info('connection deleted', { id });
      this.changed([id]);
    }
    return info.changes > 0;
  }

  /** Puts connections into a group; one transaction, one change event. */
  setGroup(ids: string[], group: string): number {
    const changed: string[] = [];
    this.db.transaction(() => {
      for (const id of ids) {
        const saved = this.get(id);
        if (saved.group === group) continue;
        this.writeProfile(id, this.profiles.schema().parse({ ...this.profileOf(saved), group }));
        changed.push(id);
      }
    }).immediate();
    if (changed.length) {
      this.logger.info('connections moved to a group', { count: changed.length });
      this.changed(changed);
    }
    return changed.length;
  }

  /** Renames a group; connections in folders inside it move along. */
  renameGroup(from: string, to: string): number {
    const changed: string[] = [];
    this.db.transaction(() => {
      for (const saved of this.all()) {
        if (!isInGroup(saved.group, from)) continue;
        const group = renamedGroup(saved.group, from, to);
        const data = this.profiles.schema().parse({ ...this.profileOf(saved), group });
        this.writeProfile(saved.id, data);
        changed.push(saved.id);
      }
    }).immediate();
    if (changed.length === 0) {
      throw new AppError('NOT_FOUND', `No connection is in a group named "${from}".`, 'Refresh the connection list; the group may have been renamed already.');
    }
    this.logger.info('group renamed', { count: changed.length });
    this.changed(changed);
    return changed.length;
  }

  private profileOf(saved: StoredConnection): ProfileData {
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
    return profile;
  }

  private writeProfile(id: string, data: ProfileData): void {
    const text = JSON.stringify(data);
    this.db.prepare('UPDATE connections SET profile = ?, updated_at = ?, checked = ? WHERE id = ?').run(text, new Date().toISOString(), this.stampFor(text), id);
  }

  /** Decrypted secret URL parameters (sslpassword …), for `url --with-password` and encrypted back-ups only. */
  secretParams(id: string): Record<string, string> {
    return this.secrets.params(id);
  }

  /** The decrypted password for a connection, for the drivers only. Never returned through the API. */
  password(id: string): string | undefined {
    return this.secrets.get(id);
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const row = this.db.prepare('SELECT id FROM connections WHERE name = ? COLLATE NOCASE').get(name.trim()) as { id: string } | undefined;
    if (row && row.id !== exceptId) {
      throw new AppError(
        'CONFLICT',
        `A connection named "${name}" already exists.`,
        'Pick another name: the command line finds connections by name, so names must be unique.',
        { field: 'name' },
      );
    }
  }

  /**
   * Saved rows that cannot be read (broken JSON, a profile this version rejects), for the start-up
   * notice. They stay in the store untouched; the reason names no value, only what is wrong.
   */
  unreadable(): Array<{ id: string; name: string; reason: string }> {
    const rows = this.db.prepare('SELECT id, name, profile, checked FROM connections ORDER BY position, created_at').all() as Array<Pick<Row, 'id' | 'name' | 'profile' | 'checked'>>;
    const out: Array<{ id: string; name: string; reason: string }> = [];
    const stamps: Array<{ id: string; profile: string; checked: string }> = [];
    for (const row of rows) {
      if (this.trusted(row)) continue;
      let json: unknown;
      try {
        json = JSON.parse(row.profile);
      } catch {
        out.push({ id: row.id, name: row.name, reason: 'its saved settings are not valid JSON' });
        continue;
      }
      const parsed = this.profiles.schema().safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        out.push({ id: row.id, name: row.name, reason: `its saved settings do not pass this version's checks (${first?.path.join('.') || 'profile'}: ${first?.message ?? 'invalid'})` });
      } else if (this.profiles.tag !== undefined && JSON.stringify(parsed.data) === row.profile) {
        stamps.push({ id: row.id, profile: row.profile, checked: profileStamp(this.profiles.tag, row.profile) });
      }
    }
    if (stamps.length) this.stampUnchanged(stamps);
    return out;
  }

  /**
   * Stamps rows this build's schema has just accepted as they are (saved by another build, or
   * before stamps existed), so later reads need no schema. Only when the store can be written at
   * once: a reader never waits for another process's write lock for this, nor fails because of it.
   */
  private stampUnchanged(stamps: Array<{ id: string; profile: string; checked: string }>): void {
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    try {
      this.db.pragma('busy_timeout = 0');
      const set = this.db.prepare('UPDATE connections SET checked = ? WHERE id = ? AND profile = ?');
      this.db.transaction(() => {
        for (const s of stamps) set.run(s.checked, s.id, s.profile);
      }).immediate();
    } catch (err) {
      this.logger.info('saved connections not stamped (store busy or read-only)', { error: err as Error });
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  private decode(row: Row): StoredConnection | null {
    let parsed: ProfileData;
    const schema = this.trusted(row) ? undefined : this.profiles.schema();
    try {
      parsed = schema ? schema.parse(JSON.parse(row.profile)) : (JSON.parse(row.profile) as ProfileData);
    } catch (err) {
      // Kept in the database untouched; only hidden until a migration or a fix can read it.
      this.logger.error('saved connection could not be read', { id: row.id, error: err as Error });
      return null;
    }
    return {
      ...parsed,
      id: row.id,
      hasPassword: this.secrets.has(row.id),
      builtin: row.builtin === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

/**
 * Takes secrets out of the profile's parameters. `password=` becomes the password when none is
 * given and the connection does not ask for one (mode "none" turns "saved"); otherwise it is kept
 * as a secret parameter like sslpassword, so nothing typed is lost and nothing stays in the clear.
 */
export function moveSecrets(data: ProfileData, password: string | undefined): { data: ProfileData; password?: string; secrets: Record<string, string>; cleared: string[] } {
  const split = splitSecretParams(data.options.params);
  const secrets = { ...split.secrets };
  let out: ProfileData = { ...data, options: { ...data.options, params: split.params } };
  if (split.password !== undefined) {
    if ((password === undefined || password === '') && data.passwordMode !== 'ask') {
      password = split.password;
      if (out.passwordMode === 'none') out = { ...out, passwordMode: 'saved' };
    } else secrets.password = split.password;
  }
  return { data: out, ...(password !== undefined ? { password } : {}), secrets, cleared: split.cleared };
}

function withSecretNames(data: ProfileData, names: string[]): ProfileData {
  const { secretParams: _s, ...options } = data.options;
  return { ...data, options: names.length ? { ...options, secretParams: [...names].sort() } : options };
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No saved connection with id ${id}.`, 'It may have been deleted; refresh the connection list.');
}
