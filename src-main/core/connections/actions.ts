import type Database from 'better-sqlite3';
import type { ImportResult } from '../../shared/contract/connections';
import { AppError } from '../../shared/errors';
import { profileInputSchema, type ProfileData, type ProfileInput } from '../../shared/profile';
import { UrlError, formatUrl } from '../../shared/url';
import type { PyDriver } from '../../shared/backends';
import type { ConnectionStore, StoredConnection } from './store';

/** The saved profile without the fields the store adds (id, timestamps, hasPassword). */
export function profileData(saved: StoredConnection): ProfileData {
  const { id: _id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
  return profile;
}

/** "Orders", "Orders (2)", "Orders (3)" … the first one nobody uses yet. */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  const trimmed = base.trim().slice(0, 110) || 'Connection';
  if (!taken(trimmed)) return trimmed;
  const stem = trimmed.replace(/ \(\d+\)$/, '');
  for (let n = 2; n < 10_000; n++) {
    const candidate = `${stem} (${n})`;
    if (!taken(candidate)) return candidate;
  }
  throw new AppError('CONFLICT', `Could not find a free name like "${stem}".`, 'Rename some connections and try again.');
}

export function duplicateConnection(store: ConnectionStore, id: string): StoredConnection {
  const saved = store.get(id);
  const name = uniqueName(`${saved.name} (copy)`, (n) => store.findByName(n) !== undefined);
  const password = saved.passwordMode === 'saved' ? store.password(id) : undefined;
  const secrets = saved.options.secretParams?.length ? store.secretParams(id) : undefined;
  return store.create({ ...profileData(saved), name }, password, secrets ? { secrets } : {});
}

/** Several connections in one transaction: either all are saved or none is. */
export function importConnections(
  db: Database.Database,
  store: ConnectionStore,
  items: Array<{ profile: ProfileInput; password?: string; secrets?: Record<string, string> }>,
): ImportResult {
  const renamed: ImportResult['renamed'] = [];
  const created = db.transaction(() =>
    items.map((item) => {
      const data = profileInputSchema.parse(item.profile);
      const name = uniqueName(data.name, (n) => store.findByName(n) !== undefined);
      if (name !== data.name) renamed.push({ from: data.name, to: name });
      return store.create({ ...data, name }, item.password, item.secrets ? { secrets: item.secrets } : {});
    }),
  ).immediate();
  return { created, renamed };
}

/**
 * The connection's SQLAlchemy URL. The password only when explicitly given; otherwise masked if one
 * is needed. Secret parameters (sslpassword …) show `***` unless their values are given.
 */
export function connectionUrl(
  saved: StoredConnection,
  opts: { driver?: PyDriver; password?: string; secrets?: Record<string, string> },
): { url: string; masked: boolean } {
  const masked = (opts.password === undefined && saved.passwordMode !== 'none' && saved.backend !== 'sqlite') || (!opts.secrets && !!saved.options.secretParams?.length);
  try {
    const url = formatUrl(saved, {
      ...(opts.driver ? { driver: opts.driver } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : masked ? { password: 'masked' as const } : {}),
    });
    return { url, masked };
  } catch (err) {
    if (err instanceof UrlError) throw new AppError('BAD_URL', err.message, err.hint, { part: err.part });
    throw err;
  }
}
