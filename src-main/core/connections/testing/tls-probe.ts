import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import type { TlsSettings } from '../../../shared/profile';
import { tlsOptions, type KeyUnlock } from '../../drivers/tls';
import { race } from './abort';

export interface TlsOutcome {
  socket: TLSSocket;
  protocol: string;
  cipher: string;
  verified: boolean;
}

/**
 * Upgrades a probe socket to TLS with the same options the driver will use, so a certificate
 * problem shows up in the TLS stage with its own error rather than as a vague connect failure.
 */
export function upgradeToTls(socket: Socket, tls: TlsSettings, host: string | undefined, signal: AbortSignal, timeoutMs: number, unlock: KeyUnlock): Promise<TlsOutcome> {
  const opts = tlsOptions(tls, host, unlock) ?? { rejectUnauthorized: false };
  const work = new Promise<TlsOutcome>((resolve, reject) => {
    const secure = tlsConnect({
      ...opts,
      socket,
      // Host-name checks need the name we dialled; SNI must not carry an IP address (RFC 6066).
      ...(host ? { host } : {}),
      ...(host && !isIP(host) ? { servername: host } : {}),
    });
    secure.on('error', () => undefined);
    secure.once('error', reject);
    secure.once('secureConnect', () => {
      secure.removeListener('error', reject);
      resolve({ socket: secure, protocol: secure.getProtocol() ?? 'TLS', cipher: secure.getCipher()?.name ?? 'unknown cipher', verified: secure.authorized });
    });
  });
  return race(work, { signal, timeoutMs, what: 'The TLS handshake', abandon: (o) => o.socket.destroy() });
}

export function describeTls(o: Pick<TlsOutcome, 'protocol' | 'cipher' | 'verified'>, mode: TlsSettings['mode']): string {
  const trust = o.verified ? 'certificate verified' : mode === 'verify-ca' || mode === 'verify-full' ? 'certificate not verified' : `certificate not checked (TLS mode ${mode})`;
  return `${o.protocol}, ${o.cipher}, ${trust}`;
}
