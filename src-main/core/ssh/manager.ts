import { homedir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_INFO } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { ProfileData } from '../../shared/profile';
import type { HostKeyFacts, TunnelEventDto, TunnelStatusDto } from '../../shared/ssh';
import { KnownHosts } from './known-hosts';
import { resolveHops, type ResolveEnv } from './resolve';
import { throughTunnel } from './through';
import { Tunnel, type ResolvedHop } from './tunnel';

export interface TunnelLease {
  tunnel: Tunnel;
  /** The profile rewritten to dial the tunnel's local end. */
  profile: ProfileData;
  release(): void;
}

export interface TunnelManagerOptions {
  /** Poolscope's data folder: trusted host keys go to `<dataDir>/known_hosts`. */
  dataDir: string;
  /** known_hosts files read besides Poolscope's own (default: ~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts). */
  knownHostsFiles?: string[];
  env?: ResolveEnv;
  agentSocket?: string;
  onEvent?: (e: TunnelEventDto) => void;
  /** How long an unused tunnel stays open for the next connection (ms). */
  idleMs?: number;
  /** StrictHostKeyChecking=accept-new (the CLI's --ssh-trust-new); see TunnelOptions. */
  acceptNewHostKeys?: boolean;
  onHostKeyLearned?: (facts: HostKeyFacts) => void;
}

interface Entry {
  key: string;
  opening?: Promise<Tunnel>;
  tunnel?: Tunnel;
  refs: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * One tunnel per route (hops + database host:port), shared by every connection that takes it: the
 * pool's sessions, the checks, the fault lab's probe. Counted leases; an unused tunnel closes
 * after a short idle time, and all close with the core.
 */
export class TunnelManager {
  readonly knownHosts: KnownHosts;
  private readonly entries = new Map<string, Entry>();
  private readonly events: TunnelEventDto[] = [];

  constructor(private readonly o: TunnelManagerOptions) {
    const files = o.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts'), join(homedir(), '.ssh', 'known_hosts2'), '/etc/ssh/ssh_known_hosts'];
    this.knownHosts = new KnownHosts(files, join(o.dataDir, 'known_hosts'));
  }

  static targetOf(profile: ProfileData): { host: string; port: number } {
    return { host: profile.host ?? '127.0.0.1', port: profile.port ?? BACKEND_INFO[profile.backend].defaultPort ?? 5432 };
  }

  resolve(profile: ProfileData): ResolvedHop[] {
    if (!profile.ssh) throw new AppError('BAD_INPUT', 'This connection has no SSH tunnel.', 'Add SSH hosts in the connection\'s SSH settings.');
    return resolveHops(profile.ssh, this.o.env);
  }

  keyOf(profile: ProfileData, hops = this.resolve(profile)): string {
    const t = TunnelManager.targetOf(profile);
    return JSON.stringify({ hops: hops.map((h) => [h.user, h.host, h.port, h.auth, h.keyFile ?? null]), to: [t.host, t.port], ka: profile.ssh?.keepAliveSec });
  }

  /**
   * A lease on the profile's tunnel, opened when needed. `fresh` opens a tunnel of its own, shared
   * with nobody and closed on release: the connection test uses it, so it tests the settings and
   * secrets as they are now, not a tunnel opened earlier with other ones.
   */
  async acquire(profile: ProfileData, timeoutMs: number, opts: { fresh?: boolean } = {}): Promise<TunnelLease> {
    if (profile.socket) {
      throw new AppError('BAD_INPUT', 'A connection through SSH must name the database host and port, not a unix socket.', 'Give the host and port as the last SSH host sees them (often 127.0.0.1).', { field: 'socket' });
    }
    const hops = this.resolve(profile);
    const key = this.keyOf(profile, hops);
    if (opts.fresh) {
      const tunnel = await this.openTunnel(profile, key, hops, timeoutMs);
      return { tunnel, profile: throughTunnel(profile, tunnel.localPort!, TunnelManager.targetOf(profile)), release: () => void tunnel.close() };
    }
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, refs: 0 };
      this.entries.set(key, entry);
    }
    entry.refs++;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    const e = entry;
    try {
      if (!e.tunnel || e.tunnel.state === 'closed' || e.tunnel.state === 'down') {
        e.opening ??= this.openTunnel(profile, key, hops, timeoutMs).finally(() => {
          e.opening = undefined;
        });
        e.tunnel = await e.opening;
      }
    } catch (err) {
      this.releaseEntry(e);
      throw err;
    }
    const tunnel = e.tunnel;
    let released = false;
    return {
      tunnel,
      profile: throughTunnel(profile, tunnel.localPort!, TunnelManager.targetOf(profile)),
      release: () => {
        if (released) return;
        released = true;
        this.releaseEntry(e);
      },
    };
  }

  private openTunnel(profile: ProfileData, key: string, hops: ResolvedHop[], timeoutMs: number): Promise<Tunnel> {
    return Tunnel.open({
      key,
      hops,
      target: TunnelManager.targetOf(profile),
      knownHosts: this.knownHosts,
      timeoutMs,
      keepAliveSec: profile.ssh!.keepAliveSec,
      ...(this.o.agentSocket ? { agentSocket: this.o.agentSocket } : {}),
      ...(this.o.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
      ...(this.o.onHostKeyLearned ? { onHostKeyLearned: this.o.onHostKeyLearned } : {}),
      onEvent: (ev) => this.record({ ...ev, tunnel: key, at: Date.now() }),
    });
  }

  private releaseEntry(e: Entry): void {
    e.refs = Math.max(0, e.refs - 1);
    if (e.refs > 0) return;
    const close = () => {
      if (e.refs > 0 || this.entries.get(e.key) !== e) return;
      this.entries.delete(e.key);
      void e.tunnel?.close();
    };
    if (!e.tunnel) return close();
    e.idleTimer = setTimeout(close, this.o.idleMs ?? 5000);
    e.idleTimer.unref?.();
  }

  private record(e: TunnelEventDto): void {
    this.events.push(e);
    if (this.events.length > 500) this.events.splice(0, this.events.length - 500);
    this.o.onEvent?.(e);
  }

  /** The tunnel a profile would use, if it is open. */
  statusFor(profile: ProfileData): TunnelStatusDto | null {
    if (!profile.ssh) return null;
    let key: string;
    try {
      key = this.keyOf(profile);
    } catch {
      return null;
    }
    return this.entries.get(key)?.tunnel?.status() ?? null;
  }

  eventsFor(profile: ProfileData, since = 0): TunnelEventDto[] {
    if (!profile.ssh) return [];
    const key = this.keyOf(profile);
    return this.events.filter((e) => e.tunnel === key && e.at >= since);
  }

  /** The fault lab: cut the tunnel under a profile (it reconnects). */
  drop(profile: ProfileData): boolean {
    const t = profile.ssh ? this.entries.get(this.keyOf(profile))?.tunnel : undefined;
    if (!t || t.state !== 'up') return false;
    t.drop();
    return true;
  }

  statuses(): TunnelStatusDto[] {
    return [...this.entries.values()].flatMap((e) => (e.tunnel ? [e.tunnel.status()] : []));
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const e of all) {
      if (e.idleTimer) clearTimeout(e.idleTimer);
      await e.tunnel?.close();
    }
  }
}
