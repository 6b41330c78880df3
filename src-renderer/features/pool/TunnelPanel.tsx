import { useEffect, useState } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import type { TunnelEventDto, TunnelStatusDto } from '@shared/ssh';
import { bridge, toApiError } from '../../bridge';
import { formatAgo, formatTime, formatTimeMs } from '../../format';
import { useNow } from '../checks/use-now';
import { routeParts, stateSince, TUNNEL_STATE_LABEL, TUNNEL_STATE_TONE } from './tunnel-state';

const SHOWN_EVENTS = 8;

/**
 * The pool's SSH tunnel: its hops, whether it is up, reconnecting or down and since when, how often
 * it reconnected, the last error, and its recent events. Read from ssh.status, refreshed on every
 * ssh.tunnel event (they are rare: up, down, a reconnect attempt), never polled.
 */
export function TunnelPanel({ profile }: { profile: ConnectionProfile }) {
  const id = profile.id;
  const [status, setStatus] = useState<TunnelStatusDto | null | undefined>(undefined);
  const [events, setEvents] = useState<TunnelEventDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(5_000);
  const viaSsh = Boolean(profile.ssh);
  useEffect(() => {
    if (!viaSsh) return;
    let alive = true;
    const load = () =>
      bridge.call('ssh.status', { id }).then(
        (r) => {
          if (!alive) return;
          setStatus(r.tunnel);
          setEvents(r.events);
          setError(null);
        },
        (err) => alive && setError(toApiError(err).message),
      );
    void load();
    const off = bridge.on('ssh.tunnel', () => void load());
    return () => {
      alive = false;
      off();
    };
  }, [id, viaSsh]);

  if (!viaSsh) return null;
  const since = status ? stateSince(status, events) : null;
  const route = status ? routeParts(status.route) : null;
  return (
    <section className="card stack" aria-labelledby="tunnel-h" data-testid="tunnel-panel" style={{ gap: 10 }}>
      <div className="card-title">
        <h2 id="tunnel-h">SSH tunnel</h2>
        {status ? (
          <span className={`badge ${TUNNEL_STATE_TONE[status.state]}`} data-testid="tunnel-state" data-state={status.state}>
            {TUNNEL_STATE_LABEL[status.state]}
          </span>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {status === undefined ? <p className="muted">Reading the tunnel's state…</p> : null}
      {status === null ? (
        <p className="muted" data-testid="tunnel-none">
          No tunnel is open for this connection: it opens with the pool and closes a few seconds after the last connection through it. Open the pool, or run a load, to see it here.
        </p>
      ) : null}
      {status && route ? (
        <>
          <ol className="tunnel-route" aria-label="Route, first hop first" data-testid="tunnel-route">
            {route.hops.map((h, i) => (
              <li key={i} className="tunnel-hop" data-testid={`tunnel-hop-${i}`}>
                <span className="tunnel-box">
                  <span className="faint">{i === 0 ? 'SSH' : `hop ${i + 1}`}</span> <span className="mono">{h}</span>
                </span>
              </li>
            ))}
            <li className="tunnel-hop target">
              <span className="tunnel-box">
                <span className="faint">database</span> <span className="mono">{route.target}</span>
              </span>
            </li>
          </ol>
          <dl className="kv">
            <dt>State</dt>
            <dd data-testid="tunnel-since">
              {TUNNEL_STATE_LABEL[status.state]}
              {since !== null ? ` since ${formatTime(since)} (${formatAgo(since, Math.max(now, since))})` : ''}
            </dd>
            <dt>Reconnects</dt>
            <dd data-testid="tunnel-reconnects">{status.reconnects}</dd>
            <dt>Forwarded connections</dt>
            <dd data-testid="tunnel-channels">{status.channels}</dd>
            <dt>Local end</dt>
            <dd className="mono">{status.localPort ? `127.0.0.1:${status.localPort}` : 'none'}</dd>
            <dt>Last error</dt>
            <dd data-testid="tunnel-last-error">{status.lastError ?? <span className="faint">none</span>}</dd>
          </dl>
        </>
      ) : null}
      {events.length ? (
        <div className="stack" style={{ gap: 4 }}>
          <h3 className="tunnel-events-h">Recent tunnel events</h3>
          <ul className="tunnel-events" data-testid="tunnel-events">
            {events
              .slice(-SHOWN_EVENTS)
              .reverse()
              .map((e, i) => (
                <li key={`${e.at}-${i}`} data-kind={e.kind}>
                  <span className="mono faint">{formatTimeMs(e.at)}</span> <span className={`badge ${e.kind === 'up' ? 'ok' : e.kind === 'closed' ? 'info' : 'warn'}`}>{e.kind}</span> {e.message}
                </li>
              ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
