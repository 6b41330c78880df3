/**
 * Removes secrets from any text before it is logged, shown or sent. It knows every password the
 * process has handled (registered when decrypted or received) and also masks the shapes secrets
 * take in text: the password part of a URL, `password=...` pairs and PEM private keys.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  static readonly MASK = '***';

  remember(secret: string | undefined | null): void {
    // Very short values would mask ordinary words everywhere; they are still covered by the patterns.
    if (secret && secret.length >= 3) this.secrets.add(secret);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Known secrets and secret-shaped patterns: for logs and error messages. */
  scrub(text: string): string {
    return scrubPatterns(this.maskKnown(text, 0));
  }

  /**
   * The safety net on every WebSocket message, not the protection itself: passwords never enter
   * API results in the first place (the handlers' tests prove it). Only known secrets, because a
   * pattern could mangle legitimate text (a placeholder in an exported file, a column named
   * "token"); and only those of SOCKET_MIN_SECRET_LENGTH characters or more, because a short
   * password such as "test" would otherwise turn every database, user or table called "test" into
   * *** on screen. Logs and error messages (`scrub`) keep masking from 3 characters.
   */
  scrubForSocket(text: string): string {
    return this.maskKnown(text, SOCKET_MIN_SECRET_LENGTH);
  }

  private maskKnown(text: string, minLength: number): string {
    let out = text;
    for (const s of this.secrets) {
      if (s.length < minLength) continue;
      if (out.includes(s)) out = out.split(s).join(Redactor.MASK);
      const encoded = encodeURIComponent(s);
      if (encoded !== s && out.includes(encoded)) out = out.split(encoded).join(Redactor.MASK);
      const json = JSON.stringify(s).slice(1, -1);
      if (json !== s && out.includes(json)) out = out.split(json).join(Redactor.MASK);
    }
    return out;
  }
}

/** Shorter remembered secrets are not masked in socket messages (see `scrubForSocket`). */
export const SOCKET_MIN_SECRET_LENGTH = 8;

// The lookbehind lets a scheme start only where a run of scheme characters starts: without it a
// long run of letters was tried from every position, each attempt scanning to its end (a 14 KB
// header took 100-800 ms). With it each run is scanned once, so masking is linear in the text.
const URL_PASSWORD = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]+)(@)/gi;
// Values stop at quotes and brackets, so masking inside JSON text keeps the JSON valid.
// MySQL's "Access denied for user 'app'@'%' (using password: YES)" says whether one was sent, not what it was.
const KEY_VALUE = /\b(password|passwd|pwd|secret|token|passphrase)(\s*[=:]\s*)(?!(?:YES|NO)\))('[^']*'|[^\s&;,"'}\]\\]+)/gi;
const JSON_KEY_VALUE = /("(?:password|passwd|pwd|secret|token|passphrase)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

export function scrubPatterns(text: string): string {
  return text
    .replace(JSON_KEY_VALUE, (_m, k: string) => `${k}"${Redactor.MASK}"`)
    .replace(URL_PASSWORD, (_m, a: string, _p: string, c: string) => `${a}${Redactor.MASK}${c}`)
    .replace(KEY_VALUE, (_m, k: string, sep: string) => `${k}${sep}${Redactor.MASK}`)
    .replace(PEM_KEY, '-----PRIVATE KEY REDACTED-----');
}

/** One redactor per process: secrets are process-wide, and so is the duty not to leak them. */
export const redactor = new Redactor();
