import { createEncryptor } from 'simple-encryptor';

/**
 * Beekeeper Studio and DbGate encrypt saved passwords with simple-encryptor (AES-256-CBC with an
 * HMAC) under a random key kept in a `.key` file beside their store; that file is itself encrypted
 * under a key written in each tool's source. Anyone who can read the folder can therefore read the
 * passwords, which is what lets Poolscope import them when the user asks: the same library, the
 * same two keys.
 */
export const BEEKEEPER_FILE_KEY = '38782F413F442A472D4B6150645367566B59703373367639792442264529482B';
export const DBGATE_FILE_KEY = 'mQAUaXhavRGJDxDTXSCg7Ej0xMmGCrx6OKA07DIMBiDcYYkvkaXjTAzPUEHEHEf9';

/** The tool's password key from its `.key` file text, or null when it does not open. */
export function openKeyFile(text: string, fileKey: string): string | null {
  const data = createEncryptor(fileKey).decrypt<{ encryptionKey?: unknown }>(text.trim());
  return data && typeof data.encryptionKey === 'string' ? data.encryptionKey : null;
}

/** A password the tool encrypted with `key`, or null when it does not decrypt to a string. */
export function decryptWith(key: string, cipherText: string): string | null {
  const value = createEncryptor(key).decrypt<unknown>(cipherText);
  return typeof value === 'string' ? value : null;
}
