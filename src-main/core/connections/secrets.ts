import { lazyPackage } from '../lazy-require';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { SecretStorageInfo } from '../../shared/contract/app';

// node:crypto is loaded when a secret is encrypted or decrypted, not at start: importing it costs
// `poolscope list` (which reads no secret) several milliseconds.
const crypto = lazyPackage<typeof import('node:crypto')>('node:crypto');

export type SecretScheme = 'safeStorage' | 'aes-256-gcm-keyfile';

/** Encrypts one secret bound to `aad` (the connection id), so a ciphertext cannot be moved to another row. */
export interface SecretCipher {
  readonly scheme: SecretScheme;
  readonly info: SecretStorageInfo;
  encrypt(plain: string, aad: string): Buffer;
  decrypt(blob: Buffer, aad: string): string;
}

export const KEY_FILE = 'secret.key';
const FORMAT_V1 = 1;

/**
 * AES-256-GCM with a random 256-bit key kept in a 0600 file in the data directory. Anyone who can
 * read that folder as this user can decrypt the passwords: better than plain text, weaker than
 * the OS keychain, and the UI says so.
 */
export class KeyfileCipher implements SecretCipher {
  readonly scheme = 'aes-256-gcm-keyfile' as const;
  readonly info: SecretStorageInfo = {
    kind: 'keyfile',
    weakerThanKeychain: true,
    description:
      'Passwords are encrypted with AES-256-GCM using a random key stored in a file only your user can read ' +
      '(secret.key in the data folder). This is weaker than the OS keychain the desktop app uses: anyone who ' +
      'can read your data folder can decrypt them.',
  };
  /** Null when there is no key and none could be made (a read-only data folder without secret.key). */
  private readonly key: Buffer | null;
  /** Whether the key was found, created, or replaced because the old one was damaged (see Core's notices). */
  readonly status: KeyfileStatus;
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, KEY_FILE);
    ({ key: this.key, status: this.status } = loadOrCreateKey(this.file));
  }

  encrypt(plain: string, aad: string): Buffer {
    if (!this.key) throw this.noKey();
    const iv = crypto().randomBytes(12);
    const cipher = crypto().createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer, aad: string): string {
    if (blob.length < 29 || blob[0] !== FORMAT_V1) throw unreadable('the stored value has an unknown format');
    if (!this.key) throw this.noKey();
    const iv = blob.subarray(1, 13);
    const tag = blob.subarray(13, 29);
    const decipher = crypto().createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable('the key file does not match (was secret.key replaced?)');
    }
  }

  private noKey(): AppError {
    return new AppError(
      'SECRET_UNAVAILABLE',
      `There is no key file (${this.file}) and the data folder cannot be written, so saved passwords can be neither read nor saved.`,
      'Make the data folder writable and start Poolscope again (if you have a backup of secret.key, put it back first), or use "ask on connect" for now.',
    );
  }
}

/** What opening the key file found: an existing key, a new one, or a damaged one moved aside and replaced. */
export type KeyfileStatus =
  | { state: 'loaded' }
  | { state: 'created' }
  | { state: 'replaced'; aside: string; problem: string }
  | { state: 'unavailable'; problem: string };

function decodeKey(text: string): Buffer | null {
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === 32 ? key : null;
}

/**
 * Writes a new key under a private name and hard-links it into place: the key file appears
 * complete or not at all, so a kill mid-write cannot leave an empty secret.key, and of several
 * processes starting at once exactly one key wins (link fails with EEXIST for the others).
 */
function createKeyAtomically(file: string): boolean {
  const tmp = `${file}.tmp-${process.pid}-${crypto().randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, crypto().randomBytes(32).toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A file system without hard links: rename (atomic too, but the last writer wins the race).
    if (!existsSync(file)) {
      renameSync(tmp, file);
      return true;
    }
    return false;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function loadOrCreateKey(file: string): { key: Buffer | null; status: KeyfileStatus } {
  let created = false;
  let replaced: { aside: string; problem: string } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!existsSync(file)) {
      try {
        created = createKeyAtomically(file) || created;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A read-only data folder (or disk) without a key: the store can still be read; secrets cannot.
        if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') return { key: null, status: { state: 'unavailable', problem: code } };
        throw keyUnusable(file, err as Error);
      }
    }
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      try {
        chmodSync(file, 0o600);
      } catch {
        // A read-only data folder: the key is still readable; its mode is fixed on a writable start.
      }
    }
    const text = readFileSync(file, 'utf8');
    const key = decodeKey(text);
    if (key) {
      const status: KeyfileStatus = replaced ? { state: 'replaced', ...replaced } : created ? { state: 'created' } : { state: 'loaded' };
      return { key, status };
    }
    // Empty (what a kill between create and write left, before keys were written atomically) or
    // not a key: kept beside it for recovery, and a new key takes its place.
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(file, aside);
      replaced = { aside, problem: text.length === 0 ? 'it was empty (0 bytes)' : 'it does not hold a 256-bit key' };
    } catch (err) {
      // Another process moved it first; it is making the new key.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw keyUnusable(file, err as Error);
    }
  }
  throw keyUnusable(file, new Error('it kept changing while being read'));
}

function keyUnusable(file: string, err: Error): AppError {
  return new AppError(
    'SECRET_UNAVAILABLE',
    `The key file ${file} is not usable and could not be replaced: ${err.message}.`,
    'Check that the data folder is writable, then move secret.key away (saved passwords must then be entered again) or restore it from a backup.',
  );
}

/** The part of Electron's safeStorage Poolscope uses; injected by the Electron entry so core never imports electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(blob: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export class SafeStorageCipher implements SecretCipher {
  readonly scheme = 'safeStorage' as const;
  readonly info: SecretStorageInfo = {
    kind: 'safeStorage',
    weakerThanKeychain: false,
    description: 'Passwords are encrypted with the operating system keychain (Electron safeStorage).',
  };

  constructor(private readonly safe: SafeStorageLike) {}

  encrypt(plain: string, aad: string): Buffer {
    return this.safe.encryptString(JSON.stringify({ aad, v: plain }));
  }

  decrypt(blob: Buffer, aad: string): string {
    let parsed: { aad?: unknown; v?: unknown };
    try {
      parsed = JSON.parse(this.safe.decryptString(blob)) as typeof parsed;
    } catch {
      throw unreadable('the OS keychain could not decrypt it');
    }
    if (parsed.aad !== aad || typeof parsed.v !== 'string') throw unreadable('it belongs to another connection');
    return parsed.v;
  }
}

/** safeStorage on Linux without a keyring falls back to a hard-coded key ("basic_text"): no better than a key file. */
export function usableSafeStorage(safe: SafeStorageLike | undefined): SafeStorageLike | undefined {
  if (!safe || !safe.isEncryptionAvailable()) return undefined;
  if (safe.getSelectedStorageBackend && safe.getSelectedStorageBackend() === 'basic_text') return undefined;
  return safe;
}

function unreadable(why: string): AppError {
  return new AppError(
    'SECRET_UNAVAILABLE',
    `The saved password could not be decrypted: ${why}.`,
    'Edit the connection and enter the password again.',
  );
}
