import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { profileInputSchema, type ProfileData } from '../../shared/profile';
import type { ConnectionStore } from './store';

/**
 * Back-up files of saved connections. Profiles travel in the clear (they hold no secret);
 * passwords only when a passphrase is given, encrypted with AES-256-GCM under a key derived from
 * it with scrypt. Built-in connections (the demo) are left out: they point into this data folder.
 */
export const BACKUP_FORMAT = 'poolscope-connections';
const AAD = Buffer.from('poolscope-connections-v1');
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MIN_PASSPHRASE = 8;

const sealedSchema = z.strictObject({
  kdf: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: z.string().max(64),
  iv: z.string().max(64),
  tag: z.string().max(64),
  data: z.string().max(5_000_000),
});

const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  exportedAt: z.string().max(64),
  app: z.string().max(64),
  connections: z.array(z.strictObject({ profile: profileInputSchema })).max(10_000),
  /** Passwords by position in `connections`, sealed with the passphrase. */
  passwords: sealedSchema.optional(),
});
export type BackupFile = z.infer<typeof backupSchema>;

/**
 * What a back-up may ask of scrypt. The file names its own cost, so without a cap a crafted file
 * holds the process for as long as it likes (p=64 took 5 s, p=20,000 would take half an hour).
 * Poolscope writes N=2^15, r=8, p=1; it reads up to four times that work and 64 MiB of memory.
 */
export const SCRYPT_LIMITS = { minN: 2 ** 14, maxN: 2 ** 16, maxR: 16, maxP: 4, maxWork: 2 ** 15 * 8 * 4, maxmem: SCRYPT.maxmem };

/** Why these scrypt parameters are refused, or null when they are within the limits. */
export function scryptProblem(p: { N: number; r: number; p: number }): string | null {
  const L = SCRYPT_LIMITS;
  const powerOfTwo = Number.isSafeInteger(p.N) && p.N > 1 && (p.N & (p.N - 1)) === 0;
  if (!powerOfTwo || p.N < L.minN || p.N > L.maxN) return `N=${p.N} (must be a power of two from ${L.minN} to ${L.maxN})`;
  if (!Number.isInteger(p.r) || p.r < 1 || p.r > L.maxR) return `r=${p.r} (must be 1 to ${L.maxR})`;
  if (!Number.isInteger(p.p) || p.p < 1 || p.p > L.maxP) return `p=${p.p} (must be 1 to ${L.maxP})`;
  if (p.N * p.r * p.p > L.maxWork) return `N·r·p=${p.N * p.r * p.p} (at most ${L.maxWork})`;
  if (128 * p.N * p.r > L.maxmem) return `N=${p.N} with r=${p.r} (needs ${Math.round((128 * p.N * p.r) / 2 ** 20)} MiB, at most ${L.maxmem / 2 ** 20} MiB)`;
  return null;
}

/** scrypt on libuv's thread pool: the event loop (every other request) keeps running meanwhile. */
function deriveKey(passphrase: string, salt: Buffer, params = SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, params, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function writeBackup(store: ConnectionStore, opts: { passphrase?: string; version: string }): Promise<{ text: string; count: number; withPasswords: boolean }> {
  const saved = store.all().filter((c) => !c.builtin);
  const connections = saved.map(({ id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile }) => ({ profile: profile as ProfileData }));
  const file: BackupFile = { format: BACKUP_FORMAT, version: 1, exportedAt: new Date().toISOString(), app: `Poolscope ${opts.version}`, connections };
  if (opts.passphrase !== undefined) {
    if (opts.passphrase.length < MIN_PASSPHRASE) {
      throw new AppError('BAD_INPUT', `The passphrase is too short (${opts.passphrase.length} characters).`, `Use at least ${MIN_PASSPHRASE} characters; without a passphrase, export without passwords.`, { field: 'passphrase' });
    }
    // Passwords by position, and the secret URL parameters (sslpassword …) under "params" by position.
    const byPosition: Record<string, unknown> = {};
    const params: Record<number, Record<string, string>> = {};
    saved.forEach((c, i) => {
      if (c.passwordMode === 'saved' && c.hasPassword) {
        const pw = store.password(c.id);
        if (pw !== undefined) byPosition[i] = pw;
      }
      if (c.options.secretParams?.length) params[i] = store.secretParams(c.id);
    });
    if (Object.keys(params).length) byPosition.params = params;
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await deriveKey(opts.passphrase, salt), iv);
    cipher.setAAD(AAD);
    const data = Buffer.concat([cipher.update(JSON.stringify(byPosition), 'utf8'), cipher.final()]);
    file.passwords = { kdf: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }
  return { text: `${JSON.stringify(file, null, 2)}\n`, count: connections.length, withPasswords: file.passwords !== undefined };
}

/**
 * Parses a back-up's text, or answers BAD_INPUT saying in words what the text is not: a person
 * picked the file, so "not JSON" and "JSON but not a back-up" are said differently from "a
 * back-up with a damaged entry", and no raw validation dump reaches them.
 */
function parseBackupFile(text: string): BackupFile {
  const choose = 'Choose a file made by "Export all connections" (a .json file named poolscope-connections-<date>.json). Nothing was imported.';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('BAD_INPUT', 'This file is not a Poolscope connections back-up (it is not JSON).', choose);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || (raw as { format?: unknown }).format !== BACKUP_FORMAT) {
    const what = Array.isArray(raw) ? 'a JSON list' : raw && typeof raw === 'object' ? 'JSON without "format": "poolscope-connections"' : `a JSON ${raw === null ? 'null' : typeof raw}`;
    throw new AppError('BAD_INPUT', `This file is not a Poolscope connections back-up (it is ${what}).`, choose);
  }
  if ((raw as { version?: unknown }).version !== 1) {
    throw new AppError(
      'BAD_INPUT',
      `This back-up is format version ${JSON.stringify((raw as { version?: unknown }).version) ?? 'missing'}; this Poolscope reads version 1.`,
      'It was probably written by a newer Poolscope: import it there, or export again from this version. Nothing was imported.',
    );
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? first.path.map(String).join('.') : 'file';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? 's' : ''})` : '';
    throw new AppError(
      'BAD_INPUT',
      `This Poolscope connections back-up cannot be read: at ${where}, ${first?.message ?? 'invalid'}${more}.`,
      'The file was edited or damaged. Export again from the Poolscope that made it, or fix that entry. Nothing was imported.',
      { field: where },
    );
  }
  return parsed.data;
}

/** Reads a back-up file; the passphrase is needed only when it holds passwords. */
export async function readBackup(text: string, passphrase?: string): Promise<Array<{ profile: ProfileData; password?: string; secrets?: Record<string, string> }>> {
  const file = parseBackupFile(text);
  let passwords: Record<string, unknown> = {};
  if (file.passwords) {
    if (!passphrase) throw new AppError('BAD_INPUT', 'This back-up holds passwords: enter the passphrase it was exported with.', 'Without it, import the profiles only by choosing "Import without passwords".', { needsPassphrase: true });
    const s = file.passwords;
    const problem = scryptProblem(s);
    if (problem) {
      throw new AppError(
        'BAD_INPUT',
        `This back-up asks for scrypt parameters Poolscope does not accept: ${problem}. Nothing was imported.`,
        `Poolscope writes N=${SCRYPT.N}, r=${SCRYPT.r}, p=${SCRYPT.p}. Export the connections again with Poolscope, or choose "Import without passwords".`,
        { field: 'file' },
      );
    }
    // The cap above bounds the memory; OpenSSL needs a little more than 128·N·r, hence the headroom.
    const key = await deriveKey(passphrase, Buffer.from(s.salt, 'base64'), { N: s.N, r: s.r, p: s.p, maxmem: 2 * SCRYPT.maxmem });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      passwords = JSON.parse(Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]).toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AppError('AUTH_FAILED', 'The passphrase does not open the passwords in this back-up.', 'Check the passphrase (it is case-sensitive); nothing was imported.', { field: 'passphrase' });
    }
  }
  const params = (passwords.params ?? {}) as Record<string, Record<string, string>>;
  return file.connections.map((c, i) => {
    const password = passwords[i];
    return {
      profile: profileInputSchema.parse(c.profile),
      ...(typeof password === 'string' ? { password } : {}),
      ...(params[i] ? { secrets: params[i] } : {}),
    };
  });
}

/** Profiles only, for "Import without passwords" of a back-up that holds some. */
export function readBackupProfiles(text: string): Array<{ profile: ProfileData }> {
  const file = parseBackupFile(text);
  return file.connections.map((c) => ({ profile: profileInputSchema.parse(c.profile) }));
}
