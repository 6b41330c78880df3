import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { AppError } from '../../shared/errors';
import type { TlsSettings } from '../../shared/profile';
import { familyOf } from '../../shared/backends';
import { KEY_PASSPHRASE_PARAM } from '../../shared/url-secrets';
import type { ConnectSpec } from './types';

/** What unlocks an encrypted client key: the saved passphrase, and the parameter name errors tell the person to save. */
export interface KeyUnlock {
  passphrase?: string;
  /** sslpassword (PostgreSQL) or ssl_key_password (MySQL): KEY_PASSPHRASE_PARAM. */
  param: string;
}

/** The unlock for a connect: the spec's passphrase under the name this backend's Python drivers give it. */
export function keyUnlock(spec: Pick<ConnectSpec, 'profile' | 'tlsKeyPassphrase'>): KeyUnlock {
  const param = KEY_PASSPHRASE_PARAM[familyOf(spec.profile.backend)] ?? 'sslpassword';
  return { param, ...(spec.tlsKeyPassphrase !== undefined ? { passphrase: spec.tlsKeyPassphrase } : {}) };
}

/** Marks an error about the client key's passphrase, so the connection test names it as such. */
export const KEY_LOCKED = 'tls-key-locked';

/** Node TLS options for a profile's TLS settings; `null` means do not use TLS. */
export function tlsOptions(tls: TlsSettings, servername?: string, unlock?: KeyUnlock): TlsConnectOptions | null {
  if (tls.mode === 'disable') return null;
  // require with a CA verifies the chain but not the host name: libpq's rule for sslmode=require with
  // a root certificate, and what the exported db.py's SSLContext does (core/advice/tls.ts).
  const chainOnly = tls.mode === 'verify-ca' || (tls.mode === 'require' && !!tls.ca);
  const verify = chainOnly || tls.mode === 'verify-full';
  const opts: TlsConnectOptions = { rejectUnauthorized: verify };
  if (tls.ca) opts.ca = readPem(tls.ca, 'CA certificate');
  if (tls.cert) opts.cert = readPem(tls.cert, 'client certificate');
  if (tls.key) {
    opts.key = readPem(tls.key, 'client key');
    // prefer: libpq and ssl-mode=PREFERRED load the key only once the server takes TLS, so a locked
    // key must not stop a plain connection; the handshake's bad decrypt is named by the classifier.
    if (isEncryptedPem(opts.key) && tls.mode !== 'prefer') checkUnlocks(opts.key, tls.key, unlock);
    if (unlock?.passphrase) opts.passphrase = unlock.passphrase;
  }
  if (chainOnly) opts.checkServerIdentity = () => undefined;
  if (servername && tls.mode === 'verify-full') {
    // SNI must not carry an IP address (RFC 6066; Node warns), yet an IP still has to match the certificate.
    if (isIP(servername)) opts.checkServerIdentity = (_name, cert) => checkServerIdentity(servername, cert);
    else opts.servername = servername;
  }
  return opts;
}

/** PKCS#8 "ENCRYPTED PRIVATE KEY" or a traditional PEM key with "Proc-Type: 4,ENCRYPTED" (openssl genrsa -aes256). */
export function isEncryptedPem(pem: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,ENCRYPTED/m.test(pem);
}

/**
 * Without this, OpenSSL's "bad decrypt" surfaces from inside the handshake (or pg's "error
 * establishing an SSL connection") and says nothing about the passphrase. Decrypting the key once
 * here costs about a millisecond and names the missing or wrong parameter instead.
 */
function checkUnlocks(pem: string, path: string, unlock: KeyUnlock | undefined): void {
  const param = unlock?.param ?? 'sslpassword';
  if (!unlock?.passphrase) {
    throw new AppError(
      'BAD_INPUT',
      `The client key ${path} is encrypted and no ${param} is saved for this connection.`,
      `Save the key's passphrase as the secret parameter ${param}: import the connection's URL with ?${param}=… (Import → URL), or from a file that holds it (pg_service.conf, pgAdmin, DbGate, a JDBC URL); it is stored encrypted. Or use a key file without a passphrase.`,
      { field: 'tls', kind: KEY_LOCKED },
    );
  }
  try {
    createPrivateKey({ key: pem, format: 'pem', passphrase: unlock.passphrase });
  } catch (err) {
    throw new AppError(
      'BAD_INPUT',
      `The saved ${param} does not unlock the client key ${path} (${(err as { reason?: string }).reason ?? 'bad decrypt'}).`,
      `Replace the saved ${param} with this key's passphrase (Edit → TLS and options → ${param} → Replace), or check that the key file is the one the passphrase belongs to.`,
      { field: 'tls', kind: KEY_LOCKED },
    );
  }
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError(
      'BAD_INPUT',
      `The ${what} file ${path} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check the path in the connection\'s TLS settings.',
      { field: 'tls' },
    );
  }
}
