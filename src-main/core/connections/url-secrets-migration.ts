import type Database from 'better-sqlite3';
import { splitSecretParams } from '../../shared/url-secrets';
import { paramAad } from './secret-store';
import type { SecretCipher } from './secrets';

interface RawProfile {
  passwordMode?: unknown;
  options?: { params?: Record<string, unknown>; secretParams?: unknown };
}

/**
 * Store migration 7: before it, a password or sslpassword given in a URL's query was saved as an
 * ordinary parameter, in the clear. Each such value moves into the encrypted secret store (the
 * password as the connection's password when it had none, anything else as a secret parameter)
 * and leaves the profile. Rows whose JSON cannot be read are left untouched for the store to report.
 */
export function moveUrlSecrets(db: Database.Database, cipher: () => SecretCipher): number {
  db.exec(`
    CREATE TABLE IF NOT EXISTS param_secrets (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      name          TEXT NOT NULL,
      scheme        TEXT NOT NULL,
      blob          BLOB NOT NULL,
      updated_at    TEXT NOT NULL,
      PRIMARY KEY (connection_id, name)
    );
  `);
  const rows = db.prepare('SELECT id, profile FROM connections').all() as Array<{ id: string; profile: string }>;
  const now = new Date().toISOString();
  let moved = 0;
  for (const row of rows) {
    let profile: RawProfile;
    try {
      profile = JSON.parse(row.profile) as RawProfile;
    } catch {
      continue;
    }
    const params = profile.options?.params;
    if (!params || typeof params !== 'object') continue;
    const strings = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const split = splitSecretParams(strings);
    if (split.password === undefined && Object.keys(split.secrets).length === 0 && split.cleared.length === 0) continue;
    const c = cipher();
    const secrets = { ...split.secrets };
    if (split.password !== undefined) {
      const hasSaved = db.prepare('SELECT 1 FROM secrets WHERE connection_id = ?').get(row.id) !== undefined;
      if (!hasSaved && profile.passwordMode !== 'ask') {
        db.prepare('INSERT INTO secrets (connection_id, scheme, blob, updated_at) VALUES (?, ?, ?, ?)').run(row.id, c.scheme, c.encrypt(split.password, row.id), now);
        profile.passwordMode = 'saved';
      } else secrets.password = split.password;
    }
    for (const [name, value] of Object.entries(secrets)) {
      db.prepare(
        `INSERT INTO param_secrets (connection_id, name, scheme, blob, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(connection_id, name) DO UPDATE SET scheme = excluded.scheme, blob = excluded.blob, updated_at = excluded.updated_at`,
      ).run(row.id, name, c.scheme, c.encrypt(value, paramAad(row.id, name)), now);
    }
    const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !(k in split.secrets) && k !== 'password' && !split.cleared.includes(k)));
    const names = [...new Set([...(Array.isArray(profile.options!.secretParams) ? (profile.options!.secretParams as string[]) : []), ...Object.keys(secrets)])].sort();
    profile.options = { ...profile.options, params: kept, ...(names.length ? { secretParams: names } : {}) };
    db.prepare('UPDATE connections SET profile = ? WHERE id = ?').run(JSON.stringify(profile), row.id);
    moved++;
  }
  return moved;
}
