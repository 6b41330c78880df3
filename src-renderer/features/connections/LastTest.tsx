import { useEffect, useState } from 'react';
import { testState, type LastTest, type TestState } from '@shared/conn-test';
import type { ConnectionProfile } from '@shared/profile';
import { useStore } from '../../store';
import { formatAgo, formatDateTime } from '../../format';
import { profileForEditor } from './editor-input';

export const TEST_STATE_LABELS: Record<TestState, string> = {
  ok: 'Last test: OK',
  failed: 'Last test: failed',
  untested: 'Not tested yet',
  stale: 'Last test is out of date: the connection was edited since',
};

/** The time now, refreshed every 30 s so "3 minutes ago" does not stand still. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** The stored result of the last test, shown when the connection is opened again. */
export function LastTestLine({ last }: { last: LastTest }) {
  const now = useNow();
  const state = testState(last);
  const ago = formatAgo(last.at, now);
  return (
    <p className="row" data-testid="test-last" data-state={state} title={formatDateTime(last.at)} style={{ gap: 8, flexWrap: 'wrap' }}>
      <TestStateIcon state={state} />
      <span>
        Tested {ago}:{' '}
        {last.ok ? (
          <strong style={{ color: 'var(--ok)' }}>OK</strong>
        ) : (
          <strong style={{ color: 'var(--bad)' }}>failed</strong>
        )}
        {last.ok ? ` (connected in ${last.totalMs} ms).` : last.failure ? ` at ${last.failure.stageLabel}: ${last.failure.title}.` : '.'}
        {last.stale ? ' The connection was edited since (it now points elsewhere): test it again.' : null}
      </span>
    </p>
  );
}

/** After a result: where to go next. OK: the pool and the checks. Failed: the profile. */
export function NextSteps({ ok, profile }: { ok: boolean; profile: ConnectionProfile }) {
  const setSection = useStore((s) => s.setSection);
  const openEditor = useStore((s) => s.openEditor);
  const startChecks = useStore((s) => s.startChecks);
  // Switches to Checks and starts a run there (asking for the password first when the connection asks for one).
  const runChecks = () => {
    setSection('checks');
    void startChecks(profile.id, profile.passwordMode === 'ask');
  };
  if (ok) {
    return (
      <div className="row" style={{ gap: 8, flexWrap: 'wrap' }} data-testid="next-steps">
        <span className="muted">Next:</span>
        <button type="button" className="btn small" onClick={() => setSection('pool')} data-testid="next-pool">
          Open the pool
        </button>
        <button type="button" className="btn small" onClick={runChecks} data-testid="next-checks">
          Run checks
        </button>
      </div>
    );
  }
  if (profile.builtin) return null;
  return (
    <div className="row" style={{ gap: 8, flexWrap: 'wrap' }} data-testid="next-steps">
      <span className="muted">Next:</span>
      <button
        type="button"
        className="btn small"
        onClick={() => openEditor({ mode: 'edit', id: profile.id, initial: profileForEditor(profile), hasPassword: profile.hasPassword })}
        data-testid="next-edit"
      >
        Edit connection
      </button>
    </div>
  );
}

/** The connection's test state as a shape (not colour alone) with an accessible name. */
export function TestStateIcon({ state }: { state: TestState }) {
  const label = TEST_STATE_LABELS[state];
  return (
    <svg className={`test-state test-state-${state}`} width="12" height="12" viewBox="0 0 12 12" role="img" aria-label={label} data-testid="test-state" data-state={state}>
      <title>{label}</title>
      {state === 'ok' ? (
        <>
          <circle cx="6" cy="6" r="6" fill="var(--ok)" />
          <path d="M3.2 6.2 5.2 8.1 8.9 4" fill="none" stroke="var(--surface, #fff)" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </>
      ) : state === 'failed' ? (
        <>
          <circle cx="6" cy="6" r="6" fill="var(--bad)" />
          <path d="M4 4 8 8M8 4 4 8" fill="none" stroke="var(--surface, #fff)" strokeWidth="1.6" strokeLinecap="round" />
        </>
      ) : state === 'stale' ? (
        <>
          <circle cx="6" cy="6" r="5.2" fill="none" stroke="var(--warn)" strokeWidth="1.6" strokeDasharray="2.4 1.6" />
          <circle cx="6" cy="6" r="1.4" fill="var(--warn)" />
        </>
      ) : (
        <circle cx="6" cy="6" r="5.2" fill="none" stroke="var(--text-faint)" strokeWidth="1.6" />
      )}
    </svg>
  );
}
