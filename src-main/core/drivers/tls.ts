import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { AppError } from '../../shared/errors';
import type { TlsSettings } from '../../shared/profile';

/** Node TLS options for a profile's TLS settings; `null` means do not use TLS. */
export function tlsOptions(tls: TlsSettings, servername?: string): TlsConnectOptions | null {
  if (tls.mode === 'disable') return null;
  // require with a CA verifies the chain but not the host name: libpq's rule for sslmode=require with
  // a root certificate, and what the exported db.py's SSLContext does (core/advice/tls.ts).
  const chainOnly = tls.mode === 'verify-ca' || (tls.mode === 'require' && !!tls.ca);
  const verify = chainOnly || tls.mode === 'verify-full';
  const opts: TlsConnectOptions = { rejectUnauthorized: verify };
  if (tls.ca) opts.ca = readPem(tls.ca, 'CA certificate');
  if (tls.cert) opts.cert = readPem(tls.cert, 'client certificate');
  if (tls.key) opts.key = readPem(tls.key, 'client key');
  if (chainOnly) opts.checkServerIdentity = () => undefined;
  if (servername && tls.mode === 'verify-full') {
    // SNI must not carry an IP address (RFC 6066; Node warns), yet an IP still has to match the certificate.
    if (isIP(servername)) opts.checkServerIdentity = (_name, cert) => checkServerIdentity(servername, cert);
    else opts.servername = servername;
  }
  return opts;
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
