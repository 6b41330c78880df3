import { describe, expect, it } from 'vitest';
import type { TunnelEventDto, TunnelStatusDto } from '@shared/ssh';
import { routeParts, stateSince } from './tunnel-state';

const status = (over: Partial<TunnelStatusDto>): TunnelStatusDto => ({ tunnel: 't1', route: 'a', state: 'up', localPort: 1, upSince: 100, reconnects: 0, channels: 0, ...over });
const ev = (at: number, state: TunnelEventDto['state'], tunnel = 't1'): TunnelEventDto => ({ at, tunnel, state, kind: 'reconnecting', message: '' });

describe('routeParts', () => {
  it('splits SSH hops from the database target', () => {
    expect(routeParts('ops@jump:2222 → ops@inner → 10.0.0.5:5432')).toEqual({ hops: ['ops@jump:2222', 'ops@inner'], target: '10.0.0.5:5432' });
  });
});

describe('stateSince', () => {
  it('is upSince while the tunnel is up', () => {
    expect(stateSince(status({ upSince: 1234 }), [ev(5, 'reconnecting')])).toBe(1234);
  });

  it('is the first event of the latest run in the current state, ignoring other tunnels', () => {
    const events = [ev(10, 'reconnecting'), ev(20, 'up'), ev(30, 'reconnecting'), ev(35, 'up', 'other'), ev(40, 'reconnecting'), ev(50, 'reconnecting')];
    expect(stateSince(status({ state: 'reconnecting', upSince: 20 }), events)).toBe(30);
  });

  it('is null when no event says when the state began', () => {
    expect(stateSince(status({ state: 'down' }), [ev(10, 'up')])).toBeNull();
  });
});
