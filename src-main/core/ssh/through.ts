import type { ProfileData } from '../../shared/profile';

/**
 * A profile rewritten to dial the tunnel's local end. The database's own host is remembered beside
 * it (not in it), so TLS still checks the certificate against the database host's name and
 * messages can name the real target.
 */
const ORIGIN = new WeakMap<object, { host: string; port: number }>();

export function throughTunnel(profile: ProfileData, localPort: number, target: { host: string; port: number }): ProfileData {
  const { socket: _socket, ...rest } = profile;
  const out: ProfileData = { ...rest, host: '127.0.0.1', port: localPort, ssh: undefined };
  ORIGIN.set(out, target);
  return out;
}

/** The database host a (possibly tunnelled) profile really points at. */
export function originHost(profile: ProfileData): string | undefined {
  return ORIGIN.get(profile)?.host ?? profile.host;
}

export function tunnelledTarget(profile: ProfileData): { host: string; port: number } | undefined {
  return ORIGIN.get(profile);
}
