import { AppError, type ErrorCode } from '../../shared/errors';
import type { HostKeyFacts, SshFailureKind, SshSecretNeed } from '../../shared/ssh';

/**
 * One SSH failure, classified. It is an AppError (code, message, hint) so every feature that goes
 * through a tunnel reports it the same way; `details.ssh` carries the kind, the hop and, for host
 * keys, what the UI needs to ask or to explain.
 */
export class SshError extends AppError {
  constructor(
    readonly kind: SshFailureKind,
    message: string,
    hint: string,
    readonly hop: number,
    readonly hostKey?: HostKeyFacts,
    /** A passphrase or password that is missing or was refused: what the UI asks for. */
    readonly secret?: SshSecretNeed,
  ) {
    super(CODE[kind], message, hint, { ssh: { kind, hop, ...(hostKey ? { hostKey } : {}), ...(secret ? { secret } : {}) } });
    this.name = 'SshError';
  }
}

const CODE: Record<SshFailureKind, ErrorCode> = {
  'bastion-unreachable': 'CONNECTION_FAILED',
  timeout: 'TIMEOUT',
  'not-ssh': 'CONNECTION_FAILED',
  'auth-refused': 'AUTH_FAILED',
  'key-unreadable': 'BAD_INPUT',
  'passphrase-needed': 'SECRET_UNAVAILABLE',
  'passphrase-wrong': 'AUTH_FAILED',
  'agent-unavailable': 'AUTH_FAILED',
  'password-needed': 'SECRET_UNAVAILABLE',
  'host-key-unknown': 'CONNECTION_FAILED',
  'host-key-mismatch': 'CONNECTION_FAILED',
  'host-key-revoked': 'CONNECTION_FAILED',
  'forwarding-refused': 'CONNECTION_FAILED',
  'config-invalid': 'BAD_INPUT',
  'tunnel-closed': 'CONNECTION_FAILED',
};

export const SSH_FAILURE_TITLES: Record<SshFailureKind, string> = {
  'bastion-unreachable': 'SSH host unreachable',
  timeout: 'SSH timed out',
  'not-ssh': 'Not an SSH server',
  'auth-refused': 'SSH login refused',
  'key-unreadable': 'SSH key unreadable',
  'passphrase-needed': 'Key passphrase needed',
  'passphrase-wrong': 'Wrong key passphrase',
  'agent-unavailable': 'SSH agent unavailable',
  'password-needed': 'SSH password needed',
  'host-key-unknown': 'Unknown SSH host key',
  'host-key-mismatch': 'SSH host key changed',
  'host-key-revoked': 'SSH host key revoked',
  'forwarding-refused': 'Forwarding refused',
  'config-invalid': 'SSH config invalid',
  'tunnel-closed': 'SSH tunnel closed',
};

export function isSshError(err: unknown): err is SshError {
  return err instanceof SshError;
}

/** An error ssh2 or the socket raised, turned into a kind with what to do. */
export function classifySshError(err: Error & { level?: string; code?: string }, hop: number, where: string, timeoutMs: number): SshError {
  const msg = err.message ?? String(err);
  const code = err.code;
  if (code === 'ECONNREFUSED') return new SshError('bastion-unreachable', `${where} refused the connection (nothing listens on that port).`, 'Check the SSH host and port; is sshd running there?', hop);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || err.level === 'client-dns') return new SshError('bastion-unreachable', `The SSH host name in ${where} does not resolve (${code ?? 'DNS'}).`, 'Check the spelling, or use the address; a ~/.ssh/config alias needs "Read ~/.ssh/config" on.', hop);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new SshError('bastion-unreachable', `${where} is unreachable from here (${code}).`, 'Check the network path (VPN?) to the SSH host.', hop);
  if (/before handshake/i.test(msg)) return new SshError('not-ssh', `${where} closed the connection without an SSH greeting: it is not an SSH server.`, 'Check the port: some other service answers there.', hop);
  if (code === 'ECONNRESET') return new SshError('not-ssh', `${where} closed the connection during the SSH handshake.`, 'Is this port an SSH server? A firewall or MaxStartups limit can also cut new connections.', hop);
  if (err.level === 'client-timeout' || /timed out/i.test(msg)) return new SshError('timeout', `${where} did not complete the SSH handshake and login within ${timeoutMs / 1000} s.`, 'The port accepts TCP but SSH never finished: check that it is sshd, and raise the connect timeout on slow links.', hop);
  if (/protocol|ident|bad packet|unsupported/i.test(msg) && err.level !== 'client-authentication') return new SshError('not-ssh', `${where} does not speak SSH (${msg}).`, 'Check the port: it is some other service.', hop);
  if (err.level === 'client-authentication' || /authentication methods failed/i.test(msg)) return new SshError('auth-refused', `${where} refused the login (${msg}).`, 'Check the user name, and that the key is in the server\'s authorized_keys (or the password is right).', hop);
  if (err.level === 'agent') return new SshError('agent-unavailable', `The SSH agent could not be used for ${where} (${msg}).`, 'Start ssh-agent and ssh-add your key, or choose a key file.', hop);
  return new SshError('bastion-unreachable', `SSH to ${where} failed: ${msg}`, 'Check the SSH host, port and credentials.', hop);
}
