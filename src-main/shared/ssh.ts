import { z } from 'zod';

/**
 * SSH tunnel settings of a saved connection: a chain of hops, first hop first (bastion → bastion),
 * the last of which forwards to the database host and port. A hop's host may be an alias from
 * ~/.ssh/config (HostName, User, Port, IdentityFile, ProxyJump are read as OpenSSH reads them).
 * Secrets (a key's passphrase, a hop's password) are never part of the profile: they live in the
 * secret store, keyed by the key file or by user@host:port.
 */

export const SSH_AUTH_METHODS = ['agent', 'key', 'password'] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

export const SSH_AUTH_LABELS: Record<SshAuthMethod, string> = {
  agent: 'SSH agent',
  key: 'Key file',
  password: 'Password',
};

export const sshHopSchema = z.strictObject({
  /** Host name, address, or a ~/.ssh/config alias. */
  host: z.string().trim().min(1, 'Name the SSH host (or a ~/.ssh/config alias)').max(255),
  /** Absent: from ~/.ssh/config, else 22. */
  port: z.number().int().min(1).max(65_535).optional(),
  /** Absent: from ~/.ssh/config, else the OS user. */
  user: z.string().trim().max(255).optional(),
  auth: z.enum(SSH_AUTH_METHODS).default('agent'),
  /** Private key path for `key` (absent: IdentityFile from ~/.ssh/config, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa). */
  keyFile: z.string().trim().max(4096).optional(),
});
export type SshHop = z.output<typeof sshHopSchema>;
export type SshHopInput = z.input<typeof sshHopSchema>;

export const sshSchema = z.strictObject({
  hops: z.array(sshHopSchema).min(1, 'Add at least one SSH host').max(8, 'At most 8 SSH hops'),
  /** Seconds between keep-alive requests; 0 turns them off. A dead tunnel is noticed after 3 unanswered. */
  keepAliveSec: z.number().int().min(0).max(3600).default(15),
  /** Read ~/.ssh/config for host aliases (as `ssh` does). */
  useSshConfig: z.boolean().default(true),
});
export type SshSettings = z.output<typeof sshSchema>;
export type SshSettingsInput = z.input<typeof sshSchema>;

/** How an SSH failure is classified; the connection test and every feature name it the same way. */
export const SSH_FAILURE_KINDS = [
  'bastion-unreachable',
  'timeout',
  'not-ssh',
  'auth-refused',
  'key-unreadable',
  'passphrase-needed',
  'passphrase-wrong',
  'agent-unavailable',
  'password-needed',
  'host-key-unknown',
  'host-key-mismatch',
  'host-key-revoked',
  'forwarding-refused',
  'config-invalid',
  'tunnel-closed',
] as const;
export type SshFailureKind = (typeof SSH_FAILURE_KINDS)[number];

/** What the UI needs to ask "trust this host?" (first use) or to show why a changed key is refused. */
export interface HostKeyFacts {
  /** The name the key is recorded under: `host` for port 22, else `[host]:port` (OpenSSH's form). */
  hostEntry: string;
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** The public key, base64 (what is written to known_hosts when the user trusts it). */
  key: string;
  /** For a mismatch: where the old key is recorded and its fingerprint. */
  knownIn?: string;
  knownLine?: number;
  knownFingerprint?: string;
}

/**
 * A hop's secret that is missing or was refused: where it is kept (hopSecretKey) and how to name
 * it to a person. The renderer asks for it and answers with ssh.setSecret by this key; the key is
 * a key file's path or user@host:port, never the secret.
 */
export interface SshSecretNeed {
  key: string;
  kind: 'passphrase' | 'password';
  /** "the key /home/me/.ssh/id_ed25519" or "ops@bastion:22". */
  label: string;
  /** The saved or given one was refused (wrong passphrase, wrong password). */
  wrong: boolean;
}

/** Only keys hopSecretKey makes are accepted back from the renderer. */
export const SSH_SECRET_KEY_RE = /^(passphrase:.+|password:[^@]*@.+:\d{1,5})$/;

export type TunnelState = 'connecting' | 'up' | 'reconnecting' | 'down' | 'closed';

export interface TunnelEventDto {
  at: number;
  /** The tunnel's key (its hops and target), shared by every connection that uses the same route. */
  tunnel: string;
  kind: 'up' | 'down' | 'reconnecting' | 'keepalive-timeout' | 'forward-refused' | 'closed' | 'dropped';
  state: TunnelState;
  message: string;
}

export interface TunnelStatusDto {
  tunnel: string;
  /** `user@host:port → user@host:port → db:5432`, for people. */
  route: string;
  state: TunnelState;
  localPort: number | null;
  upSince: number | null;
  reconnects: number;
  /** Forwarded connections open now. */
  channels: number;
  lastError?: string;
}

/** Where a hop secret is kept: a key file's passphrase belongs to the key, a password to user@host:port. */
export function hopSecretKey(hop: { auth: SshAuthMethod; host: string; port?: number; user?: string; keyFile?: string }): string | null {
  if (hop.auth === 'key') return hop.keyFile ? `passphrase:${hop.keyFile}` : null;
  if (hop.auth === 'password') return `password:${hop.user ?? ''}@${hop.host}:${hop.port ?? 22}`;
  return null;
}

/** `user@host:port` as the CLI's --ssh takes it (IPv6 in brackets). */
export function parseSshTarget(text: string): SshHopInput {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not user@host[:port]`);
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65_535)) throw new Error(`port ${port} in "${text}" is out of range (1-65535)`);
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  return { host, ...(m[1] ? { user: m[1] } : {}), ...(port ? { port } : {}) };
}

export function describeRoute(hops: Array<{ host: string; port?: number; user?: string }>, target: string): string {
  return [...hops.map((h) => `${h.user ? `${h.user}@` : ''}${h.host}${h.port && h.port !== 22 ? `:${h.port}` : ''}`), target].join(' → ');
}
