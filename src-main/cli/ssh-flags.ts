import { parseSshTarget, sshSchema, type SshHopInput } from '../shared/ssh';
import type { ProfileData } from '../shared/profile';
import { UsageError, type FlagSpec, type ParsedArgs } from './args';
import type { CliContext } from './command';

/**
 * `--ssh user@bastion[:port]` (repeat it for a chain, first hop first; a ~/.ssh/config alias works
 * too) and `--ssh-key FILE`, on check, types and export. Secrets come from the environment
 * (POOLSCOPE_SSH_PASSPHRASE for the key, POOLSCOPE_SSH_PASSWORD for a password login) or from
 * the ones saved with the connection; the agent is used when SSH_AUTH_SOCK is set and no key is given.
 */
export const SSH_FLAG_SPECS: Record<string, FlagSpec> = {
  ssh: { type: 'string', value: 'USER@HOST[:PORT]', repeatable: true, description: 'Connect through this SSH host (or ~/.ssh/config alias); repeat for a chain, first hop first.' },
  'ssh-key': { type: 'string', value: 'FILE', description: 'Private key for the --ssh hosts (passphrase from POOLSCOPE_SSH_PASSPHRASE).' },
  'ssh-trust-new': {
    type: 'boolean',
    description: 'Trust an SSH host seen for the first time and record its key (as ssh -o StrictHostKeyChecking=accept-new); a changed key is still refused.',
  },
};

export const SSH_FLAGS_USAGE = '[--ssh USER@HOST[:PORT]]… [--ssh-key FILE] [--ssh-trust-new]';


/** The profile with the --ssh hops applied (they replace a saved tunnel); unchanged without --ssh. */
export function applySshFlags(profile: ProfileData, args: ParsedArgs, ctx: CliContext): { profile: ProfileData; overridden: boolean } {
  const targets = args.lists?.ssh ?? [];
  const key = args.flags['ssh-key'] as string | undefined;
  if (!targets.length && key === undefined) {
    if (profile.ssh) ctx.core({ create: true }); // the tunnels (and the host keys they learn) live in the core
    return { profile, overridden: false };
  }
  if (profile.backend === 'sqlite') throw new UsageError('--ssh is for PostgreSQL and MySQL/MariaDB servers; SQLite is a local file.');
  let hops: SshHopInput[];
  if (targets.length) {
    const auth = key !== undefined ? 'key' : process.env.POOLSCOPE_SSH_PASSWORD !== undefined ? 'password' : process.env.SSH_AUTH_SOCK ? 'agent' : 'key';
    hops = targets.map((t) => {
      try {
        return { ...parseSshTarget(t), auth, ...(key !== undefined ? { keyFile: key } : {}) };
      } catch (err) {
        throw new UsageError(`--ssh ${(err as Error).message}; write it as user@host or user@host:port (or a ~/.ssh/config alias).`);
      }
    });
  } else {
    if (!profile.ssh) throw new UsageError('--ssh-key needs --ssh user@host (or a saved connection with an SSH tunnel).');
    hops = profile.ssh.hops.map((h) => ({ ...h, auth: 'key' as const, keyFile: key }));
  }
  const parsed = sshSchema.safeParse({ ...(profile.ssh ?? {}), hops });
  if (!parsed.success) throw new UsageError(`--ssh: ${parsed.error.issues[0]!.message}.`);
  ctx.core({ create: true });
  return { profile: { ...profile, ssh: parsed.data }, overridden: true };
}

/** POOLSCOPE_SSH_PASSPHRASE / POOLSCOPE_SSH_PASSWORD as the CLI's SSH secrets (before the saved ones). */
export function sshSecretFromEnv(key: string): string | undefined {
  if (key.startsWith('passphrase:')) return process.env.POOLSCOPE_SSH_PASSPHRASE;
  if (key.startsWith('password:')) return process.env.POOLSCOPE_SSH_PASSWORD;
  return undefined;
}
