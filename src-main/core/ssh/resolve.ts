import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { hopSecretKey, parseSshTarget, type SshHop, type SshSettings } from '../../shared/ssh';
import { SshError } from './errors';
import { readSshConfig, type SshConfigEnv } from './ssh-config';
import type { ResolvedHop } from './tunnel';

export interface ResolveEnv extends SshConfigEnv {
  /** The secret for a hop (key passphrase or password), by hopSecretKey. */
  secret?: (key: string) => string | undefined;
}

/** OpenSSH's default identities, in the order `ssh` tries them. */
export function defaultIdentities(home = homedir()): string[] {
  return ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((n) => join(home, '.ssh', n));
}

/**
 * The hops as they will be dialled: aliases replaced by ~/.ssh/config's HostName, User, Port and
 * IdentityFile (what the profile sets itself wins, as command-line options win over the config
 * in `ssh`), and each alias's ProxyJump expanded in front of it, recursively.
 */
export function resolveHops(ssh: SshSettings, env: ResolveEnv = {}): ResolvedHop[] {
  const out: ResolvedHop[] = [];
  for (const hop of ssh.hops) out.push(...expand(hop, ssh.useSshConfig, env, 0, [hop.host]));
  return out;
}

function expand(hop: SshHop, useConfig: boolean, env: ResolveEnv, depth: number, seen: string[]): ResolvedHop[] {
  const home = env.home ?? homedir();
  const localUser = env.localUser ?? userInfo().username;
  const cfg = useConfig ? readSshConfig(hop.host, env) : null;
  const host = cfg?.hostName ?? hop.host;
  const port = hop.port ?? cfg?.port ?? 22;
  const user = hop.user || cfg?.user || localUser;
  // Imports and people write ~/.ssh/id_rsa; OpenSSH expands it, so do the same.
  let keyFile = hop.keyFile && (hop.keyFile === '~' || hop.keyFile.startsWith('~/')) ? join(home, hop.keyFile.slice(2)) : hop.keyFile;
  if (hop.auth === 'key' && !keyFile) keyFile = [...(cfg?.identityFiles ?? []), ...defaultIdentities(home)].find((f) => existsSync(f));
  const jumps: ResolvedHop[] = [];
  if (cfg?.proxyJump) {
    if (depth > 8) throw new SshError('config-invalid', `ProxyJump in the SSH config loops: ${seen.join(' → ')}.`, 'Fix the ProxyJump lines so the chain ends.', 0);
    for (const j of cfg.proxyJump.split(',')) {
      let parsed;
      try {
        parsed = parseSshTarget(j);
      } catch (err) {
        throw new SshError('config-invalid', `ProxyJump "${cfg.proxyJump}" for ${hop.host}: ${(err as Error).message}.`, 'Write ProxyJump as [user@]host[:port], comma-separated.', 0);
      }
      if (seen.includes(parsed.host)) throw new SshError('config-invalid', `ProxyJump in the SSH config loops: ${[...seen, parsed.host].join(' → ')}.`, 'Fix the ProxyJump lines so the chain ends.', 0);
      // A jump host from the config logs in as `ssh` would: with the agent unless its IdentityFile exists.
      const jcfg = readSshConfig(parsed.host, env);
      const auth = jcfg.identityFiles.some((f) => existsSync(f)) ? 'key' : hop.auth === 'password' ? 'agent' : hop.auth;
      jumps.push(...expand({ host: parsed.host, ...(parsed.port ? { port: parsed.port } : {}), ...(parsed.user ? { user: parsed.user } : {}), auth }, useConfig, env, depth + 1, [...seen, parsed.host]));
    }
  }
  const resolved: ResolvedHop = { host, port, user, auth: hop.auth, ...(keyFile ? { keyFile } : {}) };
  const key = hopSecretKey(resolved);
  const secret = key ? env.secret?.(key) : undefined;
  if (secret !== undefined) resolved.secret = secret;
  return [...jumps, resolved];
}
