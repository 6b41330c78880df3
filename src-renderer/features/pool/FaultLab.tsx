import { useState } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import { faultServerName, SERVER_FAULTS, type Fault } from '@shared/lab-types';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { DEFAULT_FAULT_SECONDS } from '../../store/lab-form';

/** A session fault on a production connection: the server must be named to go ahead. */
function ConfirmProductionFault({ profile, fault, onCancel, onConfirm }: { profile: ConnectionProfile; fault: Fault; onCancel(): void; onConfirm(server: string): void }) {
  const [typed, setTyped] = useState('');
  const server = faultServerName(profile);
  const ok = typed.trim() === server;
  const what = fault.kind === 'kill-idle' ? 'kill the idle sessions of this pool' : 'change the idle timeout of this pool\'s sessions';
  return (
    <Dialog
      title="Touch sessions on a production server?"
      onClose={onCancel}
      testId="confirm-production-fault"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn danger solid" disabled={!ok} onClick={() => onConfirm(typed.trim())} data-testid="confirm-production-fault-button">
            {fault.kind === 'kill-idle' ? 'Kill idle sessions' : 'Go ahead'}
          </button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onConfirm(typed.trim());
        }}
      >
        <p>
          “{profile.name}” is a <strong>production</strong> connection. This would {what} on <code>{server}</code>. Only sessions this pool holds idle are touched, never
          another client&apos;s, but a service sharing them would see the errors.
        </p>
        <div className="field">
          <label htmlFor="fault-confirm-server">Type the server name ({server}) to confirm.</label>
          <input id="fault-confirm-server" className="input" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} data-testid="fault-confirm-input" />
        </div>
      </form>
    </Dialog>
  );
}

/** Inject faults into this pool's server sessions, then probe what the pool does. */
export function FaultLab({ profile }: { profile: ConnectionProfile }) {
  const runFault = useStore((s) => s.runFault);
  const [pending, setPending] = useState<Fault | null>(null);
  const production = profile.service.environment === 'production';
  const run = (id: string, fault: Fault): void => {
    if (production && SERVER_FAULTS.has(fault.kind)) setPending(fault);
    else void runFault(id, fault);
  };
  const busy = useStore((s) => s.faultBusy[profile.id] ?? null);
  const result = useStore((s) => s.faultResult[profile.id] ?? null);
  const seconds = useStore((s) => s.faultSeconds[profile.id]) ?? DEFAULT_FAULT_SECONDS;
  const setSeconds = (v: number) => useStore.getState().setFaultSeconds(profile.id, v);
  const isSqlite = profile.backend === 'sqlite';
  const timeoutName = profile.backend === 'postgresql' ? 'idle_session_timeout' : 'wait_timeout';
  const btn = (kind: string, label: string, onClick: () => void, testId: string, primary = false) => (
    <button type="button" className={`btn${primary ? ' primary' : ''}`} disabled={busy !== null} onClick={onClick} data-testid={testId}>
      {busy === kind ? 'Working…' : label}
    </button>
  );
  return (
    <div className="stack" style={{ gap: 12 }} data-testid="fault-lab">
      {pending ? (
        <ConfirmProductionFault
          profile={profile}
          fault={pending}
          onCancel={() => setPending(null)}
          onConfirm={(server) => {
            const fault = pending;
            setPending(null);
            void runFault(profile.id, fault, server);
          }}
        />
      ) : null}
      {isSqlite ? (
        <div className="row-wrap">
          {btn('sqlite-memory-story', 'Run the in-memory story', () => run(profile.id, { kind: 'sqlite-memory-story' }), 'fault-sqlite-story', true)}
          {btn('probe', 'Probe the pool (5 checkouts)', () => run(profile.id, { kind: 'probe', checkouts: 5 }), 'fault-probe')}
          <span className="faint">In-memory SQLite with QueuePool loses its tables on the next connection; StaticPool keeps them.</span>
        </div>
      ) : (
        <div className="row-wrap">
          {btn('kill-idle', 'Kill idle sessions', () => run(profile.id, { kind: 'kill-idle' }), 'fault-kill-idle')}
          <label className="row" style={{ gap: 6 }}>
            <span>{timeoutName}</span>
            <input className="input" style={{ width: 80 }} type="number" min={1} max={3600} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} aria-label={`Session ${timeoutName} in seconds`} />
            <span>s</span>
          </label>
          {btn('idle-timeout', `Lower ${timeoutName}`, () => run(profile.id, { kind: 'idle-timeout', seconds }), 'fault-idle-timeout')}
          {btn('clear-idle-timeout', 'Restore', () => run(profile.id, { kind: 'clear-idle-timeout' }), 'fault-clear-timeout')}
          {btn('probe', 'Probe the pool (5 checkouts)', () => run(profile.id, { kind: 'probe', checkouts: 5 }), 'fault-probe', true)}
        </div>
      )}
      {profile.ssh && !isSqlite ? (
        <div className="row-wrap">
          {btn('drop-tunnel', 'Drop SSH tunnel', () => run(profile.id, { kind: 'drop-tunnel' }), 'fault-drop-tunnel')}
          <span className="faint">Cuts every SSH session of the tunnel at once, as a rebooting bastion would; it reconnects by itself. Then probe the pool to see what a service would.</span>
        </div>
      ) : null}
      <p className="faint">
        Faults touch only the sessions this pool holds idle (held back from checkouts meanwhile), never one checked out, never other clients.
        {production ? ' This is a production connection: killing or re-timing sessions asks you to name the server first.' : ''}
      </p>
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
