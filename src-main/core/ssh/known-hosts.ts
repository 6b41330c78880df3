import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * known_hosts as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): comma-separated host
 * patterns with `*`/`?` wildcards and `!` negation, `[host]:port` for other ports than 22, hashed
 * names (`|1|salt|HMAC-SHA1`), `@revoked` keys. `@cert-authority` lines are skipped: Poolscope
 * does not check host certificates, so such a host counts as unknown until its plain key is trusted.
 */

export interface KnownHostsResult {
  status: 'match' | 'mismatch' | 'revoked' | 'unknown';
  /** For a mismatch or revoked key: where the recorded key is. */
  file?: string;
  line?: number;
  recordedFingerprint?: string;
  /** Key types recorded for the host (when unknown: other types than the server's). */
  recordedTypes: string[];
}

interface Entry {
  file: string;
  line: number;
  marker: '' | '@revoked' | '@cert-authority';
  patterns: string;
  keyType: string;
  key: string;
}

/** `host` for port 22, else `[host]:port`: the name OpenSSH records and looks up. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:` + unpadded base64 of the key blob, as `ssh-keygen -lf` prints it. */
export function fingerprint(keyBase64: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

function parseFile(file: string): Entry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: Entry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    let marker: Entry['marker'] = '';
    if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = parts.shift() as Entry['marker'];
    else if (parts[0]!.startsWith('@')) return;
    if (parts.length < 3) return;
    out.push({ file, line: i + 1, marker, patterns: parts[0]!, keyType: parts[1]!, key: parts[2]! });
  });
  return out;
}

/** OpenSSH's match_pattern: `*` any run, `?` one character, case-insensitive for host names. */
function globMatch(name: string, pattern: string, caseSensitive = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, caseSensitive ? '' : 'i');
  return re.test(name);
}

function hashedMatch(name: string, hashed: string): boolean {
  const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(hashed);
  if (!m) return false;
  const mac = createHmac('sha1', Buffer.from(m[1]!, 'base64')).update(name).digest('base64');
  return mac === m[2];
}

/** match_hostname_list: any positive match and no negated one. */
export function hostMatches(name: string, patterns: string, caseSensitive = false): boolean {
  if (patterns.startsWith('|')) return hashedMatch(name, patterns);
  let positive = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(name, p.slice(1), caseSensitive)) return false;
    } else if (globMatch(name, p, caseSensitive)) positive = true;
  }
  return positive;
}

export class KnownHosts {
  /**
   * @param files read in order (the user's and the system's known_hosts, then Poolscope's own)
   * @param writeTo where trusted keys are appended: Poolscope's own file, never the user's.
   */
  constructor(
    readonly files: string[],
    readonly writeTo: string,
  ) {}

  private entries(): Entry[] {
    const files = this.files.includes(this.writeTo) ? this.files : [...this.files, this.writeTo];
    return files.flatMap(parseFile);
  }

  check(host: string, port: number, keyType: string, keyBase64: string): KnownHostsResult {
    const name = hostEntryName(host, port);
    const entries = this.entries().filter((e) => e.marker !== '@cert-authority' && hostMatches(name, e.patterns));
    const revoked = entries.find((e) => e.marker === '@revoked' && e.key === keyBase64);
    if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line, recordedFingerprint: fingerprint(revoked.key), recordedTypes: [] };
    const plain = entries.filter((e) => e.marker === '');
    const types = [...new Set(plain.map((e) => e.keyType))];
    if (plain.some((e) => e.keyType === keyType && e.key === keyBase64)) return { status: 'match', recordedTypes: types };
    const sameType = plain.find((e) => e.keyType === keyType);
    if (sameType) return { status: 'mismatch', file: sameType.file, line: sameType.line, recordedFingerprint: fingerprint(sameType.key), recordedTypes: types };
    return { status: 'unknown', recordedTypes: types };
  }

  /** Key types recorded for this host, to offer them first in the key exchange (as OpenSSH does). */
  recordedTypes(host: string, port: number): string[] {
    const name = hostEntryName(host, port);
    return [...new Set(this.entries().filter((e) => e.marker === '' && hostMatches(name, e.patterns)).map((e) => e.keyType))];
  }

  /** Records a key the user trusted, with a hashed host name (HashKnownHosts style). */
  trust(host: string, port: number, keyType: string, keyBase64: string): void {
    if (!/^[A-Za-z0-9+/=]+$/.test(keyBase64) || !/^[a-z0-9@.-]+$/i.test(keyType)) throw new Error('not an SSH public key');
    const salt = randomBytes(20);
    const mac = createHmac('sha1', salt).update(hostEntryName(host, port)).digest('base64');
    if (!existsSync(dirname(this.writeTo))) mkdirSync(dirname(this.writeTo), { recursive: true, mode: 0o700 });
    appendFileSync(this.writeTo, `|1|${salt.toString('base64')}|${mac} ${keyType} ${keyBase64}\n`, { mode: 0o600 });
  }
}
