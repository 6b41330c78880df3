import type { TunnelEventDto, TunnelState, TunnelStatusDto } from '@shared/ssh';

export const TUNNEL_STATE_LABEL: Record<TunnelState, string> = {
  connecting: 'Connecting',
  up: 'Up',
  reconnecting: 'Reconnecting',
  down: 'Down',
  closed: 'Closed',
};

export const TUNNEL_STATE_TONE: Record<TunnelState, 'ok' | 'warn' | 'bad' | 'info'> = {
  connecting: 'info',
  up: 'ok',
  reconnecting: 'warn',
  down: 'bad',
  closed: 'bad',
};

/** The route as hops: every part but the last is an SSH host, the last is the database as the last hop sees it. */
export function routeParts(route: string): { hops: string[]; target: string } {
  const parts = route.split(' → ');
  return { hops: parts.slice(0, -1), target: parts[parts.length - 1] ?? '' };
}

/**
 * Since when the tunnel has been in its current state: the status's upSince when up, otherwise
 * the first event of the latest unbroken run of events in that state (a reconnecting tunnel emits
 * one event per attempt; it has been reconnecting since the first).
 */
export function stateSince(status: TunnelStatusDto, events: TunnelEventDto[]): number | null {
  if (status.state === 'up') return status.upSince;
  let since: number | null = null;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.tunnel !== status.tunnel) continue;
    if (e.state !== status.state) break;
    since = e.at;
  }
  return since;
}
