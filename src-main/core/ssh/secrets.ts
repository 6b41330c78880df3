import type Database from 'better-sqlite3';
import type { SecretStore } from '../connections/secret-store';
import type { SecretScheme } from '../connections/secrets';
import { redactor } from '../logging/redact';

/**
 * SSH secrets, encrypted like passwords: a key's passphrase is stored under `passphrase:<key file>`,
 * a hop's password under `password:user@host:port` (see shared/ssh.ts hopSecretKey). They never
 * reach the renderer; it only learns whether one is saved.
 */
export class SshSecretStore {
  /**
   * Secrets typed at an "ask on connect" prompt without "remember": in this process's memory only,
   * until it quits or the secret is forgotten, so a tunnel can reconnect and the pool, checks and
   * labs of the same session do not ask again. They win over a saved one (which may be the wrong one).
   */
  private readonly session = new Map<string, string>();

  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretStore,
  ) {}

  /** For this session only: never written anywhere. */
  setForSession(key: string, plain: string): void {
    this.session.set(key, plain);
    redactor.remember(plain);
  }

  hasForSession(key: string): boolean {
    return this.session.has(key);
  }

  set(key: string, plain: string): void {
    this.session.delete(key);
    const { scheme, blob } = this.secrets.seal(plain, `ssh:${key}`);
    this.db
      .prepare(
        `INSERT INTO ssh_secrets (secret_key, scheme, blob, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(secret_key) DO UPDATE SET scheme = excluded.scheme, blob = excluded.blob, updated_at = excluded.updated_at`,
      )
      .run(key, scheme, blob, new Date().toISOString());
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM ssh_secrets WHERE secret_key = ?').get(key) !== undefined;
  }

  get(key: string): string | undefined {
    const held = this.session.get(key);
    if (held !== undefined) return held;
    const row = this.db.prepare('SELECT scheme, blob FROM ssh_secrets WHERE secret_key = ?').get(key) as { scheme: SecretScheme; blob: Buffer } | undefined;
    return row ? this.secrets.unseal(row.scheme, row.blob, `ssh:${key}`) : undefined;
  }

  delete(key: string): void {
    this.session.delete(key);
    this.db.prepare('DELETE FROM ssh_secrets WHERE secret_key = ?').run(key);
  }
}
