/**
 * The command line's words for an unknown SSH host key: how to trust it here, with a flag (the app
 * says "Trust this key" instead). Kept apart so the error path of main.ts loads nothing else.
 */
export function cliHostKeyHint(kind: unknown, knownHostsFile: string): string | undefined {
  if (kind !== 'host-key-unknown') return undefined;
  return `Compare the fingerprint with the server's (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, run there). If it matches, run the same command again with --ssh-trust-new: the key is recorded in ${knownHostsFile} and checked from then on (as ssh -o StrictHostKeyChecking=accept-new does). Connecting once with ssh records it in ~/.ssh/known_hosts, which Poolscope also reads.`;
}
