import type { Core } from '../core/core';
import { resolveHops } from '../core/ssh/resolve';
import { hopSecretKey } from '../shared/ssh';
import { AppError } from '../shared/errors';
import type { Handlers } from './dispatch';

type SshMethods = 'ssh.resolve' | 'ssh.setSecret' | 'ssh.trustHostKey' | 'ssh.status';

export function sshHandlers(core: Core): Pick<Handlers, SshMethods> {
  const env = () => ({ ...core.options.ssh?.env });
  return {
    'ssh.resolve': ({ ssh }) =>
      resolveHops(ssh, env()).map((h) => {
        const key = hopSecretKey(h);
        return {
          host: h.host,
          port: h.port,
          user: h.user,
          auth: h.auth,
          ...(h.keyFile ? { keyFile: h.keyFile } : {}),
          hasSecret: key ? core.sshSecrets.has(key) : false,
          sessionSecret: key ? core.sshSecrets.hasForSession(key) : false,
        };
      }),
    'ssh.setSecret': ({ hop, useSshConfig, secretKey, secret, remember }) => {
      let key = secretKey ?? null;
      if (hop) {
        // The secret belongs to the hop as dialled: the resolved key file, or user@HostName:port.
        const resolved = resolveHops({ hops: [hop], useSshConfig, keepAliveSec: 15 }, env());
        key = hopSecretKey(resolved[resolved.length - 1]!);
        if (!key) throw new AppError('BAD_INPUT', `${hop.auth === 'agent' ? 'The SSH agent holds its own keys' : 'No key file is set for this hop'}: there is nothing to save.`, hop.auth === 'agent' ? 'Use ssh-add to give the agent your key.' : 'Choose the key file first.');
      }
      if (secret === null || secret === '') {
        core.sshSecrets.delete(key!);
        return { saved: false };
      }
      if (remember) core.sshSecrets.set(key!, secret);
      else core.sshSecrets.setForSession(key!, secret);
      return { saved: remember };
    },
    'ssh.trustHostKey': ({ host, port, keyType, key }) => {
      try {
        core.tunnels.knownHosts.trust(host, port, keyType, key);
      } catch (err) {
        throw new AppError('BAD_INPUT', `That is not an SSH host key (${(err as Error).message}).`, 'Test the connection again to see the host key.');
      }
      return { trusted: true };
    },
    'ssh.status': ({ id }) => {
      const profile = core.connections.get(id);
      return { tunnel: core.tunnels.statusFor(profile), events: core.tunnels.eventsFor(profile).slice(-50) };
    },
  };
}
