import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { Redactor } from '../logging/redact';
import type { SecretCipher, SecretScheme } from './secrets';

/**
 * Encrypted passwords, one per saved connection. Plain text exists only in memory, only in the
 * main process, and every value read is registered with the redactor so it can never be logged.
 */
export class SecretStore {
  private readonly byScheme: Map<SecretScheme, SecretCipher>;

  constructor(
    private readonly db: Database.Database,
    private readonly primary: SecretCipher,
    readers: SecretCipher[],
    private readonly redactor: Redactor,
  ) {
    this.byScheme = new Map([primary, ...readers].map((c) => [c.scheme, c] as const));
  }

  get info() {
    return this.primary.info;
  }

  set(connectionId: string, password: string): void {
    this.redactor.remember(password);
    const blob = this.primary.encrypt(password, connectionId);
    this.db
      .prepare(
        `INSERT INTO secrets (connection_id, scheme, blob, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(connection_id) DO UPDATE SET scheme = excluded.scheme, blob = excluded.blob, updated_at = excluded.updated_at`,
      )
      .run(connectionId, this.primary.scheme, blob, new Date().toISOString());
  }

  has(connectionId: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE connection_id = ?').get(connectionId) !== undefined;
  }

  /** The decrypted password, or undefined when none is saved. */
  get(connectionId: string): string | undefined {
    const row = this.db.prepare('SELECT scheme, blob FROM secrets WHERE connection_id = ?').get(connectionId) as
      | { scheme: SecretScheme; blob: Buffer }
      | undefined;
    if (!row) return undefined;
    const cipher = this.byScheme.get(row.scheme);
    if (!cipher) {
      throw new AppError(
        'SECRET_UNAVAILABLE',
        `This password was saved with ${row.scheme === 'safeStorage' ? 'the desktop app\'s OS keychain' : row.scheme}, which this mode cannot read.`,
        'Enter the password again here, or use the mode that saved it.',
      );
    }
    const plain = cipher.decrypt(row.blob, connectionId);
    this.redactor.remember(plain);
    return plain;
  }

  /** Encrypts another kind of secret (SSH passphrases, passwords) with the same cipher; `aad` binds it to its key. */
  seal(plain: string, aad: string): { scheme: SecretScheme; blob: Buffer } {
    this.redactor.remember(plain);
    return { scheme: this.primary.scheme, blob: this.primary.encrypt(plain, aad) };
  }

  unseal(scheme: SecretScheme, blob: Buffer, aad: string): string {
    const cipher = this.byScheme.get(scheme);
    if (!cipher) throw new AppError('SECRET_UNAVAILABLE', `This secret was saved with ${scheme === 'safeStorage' ? 'the desktop app\'s OS keychain' : scheme}, which this mode cannot read.`, 'Enter it again here, or use the mode that saved it.');
    const plain = cipher.decrypt(blob, aad);
    this.redactor.remember(plain);
    return plain;
  }

  delete(connectionId: string): void {
    this.db.prepare('DELETE FROM secrets WHERE connection_id = ?').run(connectionId);
  }

  /** A secret URL parameter (sslpassword …), encrypted and bound to its connection and name. */
  setParam(connectionId: string, name: string, value: string): void {
    this.redactor.remember(value);
    const blob = this.primary.encrypt(value, paramAad(connectionId, name));
    this.db
      .prepare(
        `INSERT INTO param_secrets (connection_id, name, scheme, blob, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(connection_id, name) DO UPDATE SET scheme = excluded.scheme, blob = excluded.blob, updated_at = excluded.updated_at`,
      )
      .run(connectionId, name, this.primary.scheme, blob, new Date().toISOString());
  }

  paramNames(connectionId: string): string[] {
    return (this.db.prepare('SELECT name FROM param_secrets WHERE connection_id = ? ORDER BY name').all(connectionId) as Array<{ name: string }>).map((r) => r.name);
  }

  /** The decrypted secret parameters of a connection, by name. */
  params(connectionId: string): Record<string, string> {
    const rows = this.db.prepare('SELECT name, scheme, blob FROM param_secrets WHERE connection_id = ? ORDER BY name').all(connectionId) as Array<{
      name: string;
      scheme: SecretScheme;
      blob: Buffer;
    }>;
    const out: Record<string, string> = {};
    for (const row of rows) {
      const cipher = this.byScheme.get(row.scheme);
      if (!cipher) throw unavailable(row.scheme);
      const plain = cipher.decrypt(row.blob, paramAad(connectionId, row.name));
      this.redactor.remember(plain);
      out[row.name] = plain;
    }
    return out;
  }

  deleteParam(connectionId: string, name: string): void {
    this.db.prepare('DELETE FROM param_secrets WHERE connection_id = ? AND name = ?').run(connectionId, name);
  }
}

/** Distinct from the password's binding (the bare connection id), so a blob cannot be moved between them. */
export function paramAad(connectionId: string, name: string): string {
  return `${connectionId}\u0000param\u0000${name}`;
}

function unavailable(scheme: SecretScheme): AppError {
  return new AppError(
    'SECRET_UNAVAILABLE',
    `This secret was saved with ${scheme === 'safeStorage' ? "the desktop app's OS keychain" : scheme}, which this mode cannot read.`,
    'Enter it again here, or use the mode that saved it.',
  );
}
