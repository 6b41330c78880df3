import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';

/**
 * A network namespace of the test's own, joined to this one by a veth pair: the host side is
 * `hostIp`, the namespace side `nsIp`. Something listening on the namespace's 127.0.0.1 is
 * unreachable from here: exactly a database that only its bastion can reach. Removed on close
 * (deleting the namespace deletes the veth pair).
 */
export interface Netns {
  name: string;
  hostIp: string;
  nsIp: string;
  close(): void;
}

export function netnsMissing(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'the ip command (iproute2) cannot manage network namespaces here';
  }
}

export function createNetns(): Netns {
  const id = randomBytes(3).toString('hex');
  const name = `ps-${id}`;
  const octet = randomInt(1, 250);
  const hostIp = `10.213.${octet}.1`;
  const nsIp = `10.213.${octet}.2`;
  const hostIf = `psh${id}`;
  const nsIf = `psn${id}`;
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ip('netns', 'add', name);
  try {
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    ip('link', 'set', nsIf, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf);
    ip('netns', 'exec', name, 'ip', 'link', 'set', nsIf, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    ip('netns', 'del', name);
    throw err;
  }
  return {
    name,
    hostIp,
    nsIp,
    close: () => {
      try {
        ip('netns', 'del', name);
      } catch {
        /* already gone */
      }
    },
  };
}
