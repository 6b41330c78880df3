import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyfileCipher, KEY_FILE, SafeStorageCipher, usableSafeStorage, type SafeStorageLike } from './secrets';
import { tempDir } from '../../../test/tmp';

describe('key-file cipher (AES-256-GCM)', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d.path;
  };

  it('round-trips and never stores the plain text', () => {
    const c = new KeyfileCipher(dir());
    const blob = c.encrypt('s3cret-ü-🔑', 'conn-1');
    expect(blob.includes(Buffer.from('s3cret'))).toBe(false);
    expect(c.decrypt(blob, 'conn-1')).toBe('s3cret-ü-🔑');
  });

  it('uses a fresh IV each time', () => {
    const c = new KeyfileCipher(dir());
    expect(c.encrypt('same', 'a').equals(c.encrypt('same', 'a'))).toBe(false);
  });

  it('binds a ciphertext to its connection and detects tampering', () => {
    const c = new KeyfileCipher(dir());
    const blob = c.encrypt('pw', 'conn-1');
    expect(() => c.decrypt(blob, 'conn-2')).toThrow(/could not be decrypted/);
    const tampered = Buffer.from(blob);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 0xff, tampered.length - 1);
    expect(() => c.decrypt(tampered, 'conn-1')).toThrow(/could not be decrypted/);
  });

  it('keeps the key in a 0600 file that survives restarts', () => {
    const d = dir();
    const a = new KeyfileCipher(d);
    const blob = a.encrypt('pw', 'x');
    if (process.platform !== 'win32') expect(statSync(join(d, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(new KeyfileCipher(d).decrypt(blob, 'x')).toBe('pw');
  });

  it('says what to do when the key file was replaced', () => {
    const d = dir();
    const blob = new KeyfileCipher(d).encrypt('pw', 'x');
    writeFileSync(join(d, KEY_FILE), Buffer.alloc(32, 7).toString('base64'));
    expect(() => new KeyfileCipher(d).decrypt(blob, 'x')).toThrow(/key file does not match/);
  });

  it('moves a damaged or empty key file aside, keeps it, and starts with a new key', () => {
    for (const damaged of ['short', '']) {
      const d = dir();
      writeFileSync(join(d, KEY_FILE), damaged);
      const c = new KeyfileCipher(d);
      expect(c.status.state).toBe('replaced');
      const aside = (c.status as { aside: string }).aside;
      expect((c.status as { problem: string }).problem).toMatch(damaged ? /256-bit key/ : /empty \(0 bytes\)/);
      expect(readFileSync(aside, 'utf8')).toBe(damaged);
      expect(Buffer.from(readFileSync(join(d, KEY_FILE), 'utf8').trim(), 'base64')).toHaveLength(32);
      expect(c.decrypt(c.encrypt('pw', 'x'), 'x')).toBe('pw');
      expect(new KeyfileCipher(d).status.state).toBe('loaded');
    }
  });

  it('reports a new key when there was none', () => {
    const d = dir();
    expect(new KeyfileCipher(d).status.state).toBe('created');
    expect(new KeyfileCipher(d).status.state).toBe('loaded');
    expect(readdirSync(d).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('safeStorage cipher', () => {
  const fake = (backend = 'gnome_libsecret'): SafeStorageLike => ({
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(s, 'utf8').reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString('utf8'),
    getSelectedStorageBackend: () => backend,
  });

  it('round-trips through the OS keychain API and binds to the connection', () => {
    const c = new SafeStorageCipher(fake());
    const blob = c.encrypt('pw', 'a');
    expect(c.decrypt(blob, 'a')).toBe('pw');
    expect(() => c.decrypt(blob, 'b')).toThrow(/another connection/);
  });

  it('is not used where Linux falls back to a hard-coded key', () => {
    expect(usableSafeStorage(fake('basic_text'))).toBeUndefined();
    expect(usableSafeStorage(fake())).toBeDefined();
    expect(usableSafeStorage({ ...fake(), isEncryptionAvailable: () => false })).toBeUndefined();
  });
});
