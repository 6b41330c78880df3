import type { Backend } from '../../../shared/backends';
import type { Environment, ProfileInput, TlsMode } from '../../../shared/profile';
import type { SshAuthMethod, SshHopInput, SshSettingsInput } from '../../../shared/ssh';
import { normalizeGroup } from '../../../shared/groups';
import { JdbcError } from './jdbc';
import type { RawCandidate } from './types';

/** Small helpers every source uses to turn what it read into a profile, the same way for all. */

export interface ProfileParts {
  name: string;
  backend: Backend;
  host?: string;
  port?: number;
  socket?: string;
  database?: string;
  user?: string;
  tls?: { mode: TlsMode; ca?: string; cert?: string; key?: string };
  group?: string;
  notes?: string[];
  environment?: Environment;
  color?: string;
  /** The source keeps a password for it (so, without importing it, Poolscope should ask on connect). */
  usesPassword?: boolean;
  params?: Record<string, string>;
  applicationName?: string;
  connectTimeoutSec?: number;
  charset?: string;
  /** The source's SSH tunnel, as Poolscope's own SSH settings. */
  ssh?: SshSettingsInput;
}

const nonEmpty = (s: string | undefined | null): string | undefined => (s === undefined || s === null || s.trim() === '' ? undefined : s.trim());

export function makeProfile(p: ProfileParts): ProfileInput {
  const sqlite = p.backend === 'sqlite';
  const notes = (p.notes ?? []).filter(Boolean).join('\n');
  return {
    name: p.name.trim().slice(0, 120) || 'Imported connection',
    backend: p.backend,
    ...(!sqlite && nonEmpty(p.host) && !p.socket ? { host: nonEmpty(p.host)! } : {}),
    ...(!sqlite && p.port !== undefined && Number.isInteger(p.port) && p.port > 0 && p.port < 65536 ? { port: p.port } : {}),
    ...(!sqlite && nonEmpty(p.socket) ? { socket: nonEmpty(p.socket)! } : {}),
    database: nonEmpty(p.database) ?? (sqlite ? ':memory:' : ''),
    ...(!sqlite && nonEmpty(p.user) ? { user: nonEmpty(p.user)! } : {}),
    passwordMode: !sqlite && p.usesPassword ? 'ask' : 'none',
    tls: sqlite ? { mode: 'disable' } : (p.tls ?? { mode: p.backend === 'postgresql' ? 'prefer' : 'disable' }),
    options: {
      params: p.params ?? {},
      ...(p.applicationName ? { applicationName: p.applicationName.slice(0, 64) } : {}),
      ...(p.connectTimeoutSec !== undefined && p.connectTimeoutSec >= 0.1 && p.connectTimeoutSec <= 600 ? { connectTimeoutSec: p.connectTimeoutSec } : {}),
      ...(p.charset ? { charset: p.charset.slice(0, 64) } : {}),
    },
    group: normalizeGroup(p.group ?? ''),
    ...(notes ? { notes: notes.slice(0, 4000) } : {}),
    ...(p.color ? { color: p.color } : {}),
    service: { environment: p.environment ?? 'local' },
    ...(!sqlite && p.ssh ? { ssh: p.ssh } : {}),
  };
}

/** A row that cannot be imported, with why and what to do. */
export function unsupported(origin: string, name: string, message: string, hint: string, group?: string): RawCandidate {
  return { origin, name, ...(group ? { group } : {}), error: { message, hint } };
}

export function jdbcProblem(origin: string, name: string, err: unknown): RawCandidate {
  const message = err instanceof JdbcError ? err.message : `The connection URL could not be read (${(err as Error).message}).`;
  return unsupported(origin, name, message, 'Add this connection by hand with "New".');
}

export interface SshParts {
  host?: string | null;
  port?: number | string | null;
  user?: string | null;
  auth?: string | null;
  keyFile?: string | null;
  /** A bastion in front of the SSH host (Beekeeper, DbGate): the first hop. */
  bastion?: { host?: string | null; port?: number | string | null; user?: string | null } | null;
}

/** A tool's own words for how the tunnel logs in, as Poolscope's method (a key file when one is named). */
function authOf(auth: string | null | undefined, keyFile: string | null | undefined): SshAuthMethod {
  const a = (auth ?? '').toLowerCase();
  if (/agent/.test(a)) return 'agent';
  if (/key|identity|public/.test(a)) return 'key';
  if (/pass/.test(a)) return 'password';
  return keyFile ? 'key' : 'agent';
}

function hopOf(h: { host?: string | null; port?: number | string | null; user?: string | null }, auth: SshAuthMethod, keyFile?: string | null): SshHopInput | null {
  const host = nonEmpty(h.host);
  if (!host) return null;
  const port = h.port === null || h.port === undefined || h.port === '' ? undefined : Number(h.port);
  return {
    host: host.slice(0, 255),
    ...(port !== undefined && Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}),
    ...(nonEmpty(h.user) ? { user: nonEmpty(h.user)!.slice(0, 255) } : {}),
    auth,
    ...(auth === 'key' && nonEmpty(keyFile) ? { keyFile: nonEmpty(keyFile)! } : {}),
  };
}

/**
 * The tool's SSH tunnel as Poolscope's SSH settings (bastion first), and the note the preview
 * shows for it. Passwords and passphrases of the tunnel are not imported: the connection test asks.
 */
export function sshTunnel(tool: string, s: SshParts): { ssh?: SshSettingsInput; note: string } {
  const auth = authOf(s.auth, s.keyFile);
  const main = hopOf(s, auth, s.keyFile);
  const bastion = s.bastion ? hopOf(s.bastion, auth === 'password' ? 'agent' : auth, s.keyFile) : null;
  const who = s.user ? `${s.user}@` : '';
  const port = s.port ? `:${s.port}` : '';
  const how = [s.auth ? `${s.auth}` : '', s.keyFile ? `key ${s.keyFile}` : ''].filter(Boolean).join(', ');
  const via = bastion ? `, through bastion ${bastion.user ? `${bastion.user}@` : ''}${bastion.host}${bastion.port ? `:${bastion.port}` : ''}` : '';
  const tail = main ? 'Imported as the connection\'s SSH tunnel; save its password or key passphrase in the SSH settings if it needs one.' : 'The SSH host is not given, so the tunnel is not imported; add it in the SSH settings.';
  return {
    ...(main ? { ssh: { hops: bastion ? [bastion, main] : [main] } } : {}),
    note: `${tool} reaches this server through an SSH tunnel: ssh ${who}${s.host ?? '(host not given)'}${port}${how ? ` (${how})` : ''}${via}. ${tail}`,
  };
}

/** #rrggbb from "r,g,b" (DBeaver) or a #rgb/#rrggbb string; anything else is dropped. */
export function hexColor(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const rgb = /^\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(value);
  if (rgb) {
    const parts = rgb.slice(1, 4).map(Number);
    if (parts.some((n) => n > 255)) return undefined;
    return `#${parts.map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  }
  if (/^#[0-9a-f]{6}$/i.test(value)) return value.toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  return undefined;
}

export function textOf(bytes: Buffer, what: string): string {
  // A NUL byte early on means a binary file: say so instead of reporting a confusing parse error.
  if (bytes.subarray(0, 4096).includes(0)) throw new Error(`${what} is a binary file, not text.`);
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

export const TLS_FROM_LIBPQ: Record<string, TlsMode> = {
  disable: 'disable',
  allow: 'prefer',
  prefer: 'prefer',
  require: 'require',
  'verify-ca': 'verify-ca',
  'verify-full': 'verify-full',
};
