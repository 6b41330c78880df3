import { useState } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import { useStore } from '../../store';

/** Inject faults into this pool's server sessions, then probe what the pool does. */
export function FaultLab({ profile }: { profile: ConnectionProfile }) {
  const run = useStore((s) => s.runFault);
  const busy = useStore((s) => s.faultBusy);
  const result = useStore((s) => s.faultResult[profile.id] ?? null);
  const [seconds, setSeconds] = useState(3);
  const isSqlite = profile.backend === 'sqlite';
  const timeoutName = profile.backend === 'postgresql' ? 'idle_session_timeout' : 'wait_timeout';
  const btn = (kind: string, label: string, onClick: () => void, testId: string, primary = false) => (
    <button type="button" className={`btn${primary ? ' primary' : ''}`} disabled={busy !== null} onClick={onClick} data-testid={testId}>
      {busy === kind ? 'Working…' : label}
    </button>
  );
  return (
    <div className="stack" style={{ gap: 12 }} data-testid="fault-lab">
      {isSqlite ? (
        <div className="row-wrap">
          {btn('sqlite-memory-story', 'Run the in-memory story', () => void run(profile.id, { kind: 'sqlite-memory-story' }), 'fault-sqlite-story', true)}
          {btn('probe', 'Probe the pool (5 checkouts)', () => void run(profile.id, { kind: 'probe', checkouts: 5 }), 'fault-probe')}
          <span className="faint">In-memory SQLite with QueuePool loses its tables on the next connection; StaticPool keeps them.</span>
        </div>
      ) : (
        <div className="row-wrap">
          {btn('kill-idle', 'Kill idle sessions', () => void run(profile.id, { kind: 'kill-idle' }), 'fault-kill-idle')}
          <label className="row" style={{ gap: 6 }}>
            <span>{timeoutName}</span>
            <input className="input" style={{ width: 80 }} type="number" min={1} max={3600} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} aria-label={`Session ${timeoutName} in seconds`} />
            <span>s</span>
          </label>
          {btn('idle-timeout', `Lower ${timeoutName}`, () => void run(profile.id, { kind: 'idle-timeout', seconds }), 'fault-idle-timeout')}
          {btn('clear-idle-timeout', 'Restore', () => void run(profile.id, { kind: 'clear-idle-timeout' }), 'fault-clear-timeout')}
          {btn('probe', 'Probe the pool (5 checkouts)', () => void run(profile.id, { kind: 'probe', checkouts: 5 }), 'fault-probe', true)}
        </div>
      )}
      <p className="faint">Faults touch only this pool's own sessions on the server (tagged by Poolscope), never other clients.</p>
      {result ? (
        <div className="card stack" style={{ gap: 8 }} data-testid="fault-result" data-kind={result.kind}>
          <div className="callout-title">{result.summary}</div>
          <ul className="steps">
            {result.steps.map((s, i) => (
              <li key={i}>
                <span className={s.ok ? 'step-ok' : 'step-bad'} aria-label={s.ok ? 'succeeded' : 'failed'}>
                  {s.ok ? '✓' : '✗'}
                </span>
                <span>
                  <strong>{s.label}</strong> <span className="muted">{s.detail}</span>
                </span>
              </li>
            ))}
          </ul>
          {result.serviceView ? (
            <div className="callout warn" role="note" data-testid="fault-service-view">
              {result.serviceView}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
