import { useEffect } from 'react';
import { SEVERITIES, SEVERITY_LABELS } from '@shared/checks';
import type { SectionProps } from '../registry';
import { useStore } from '../../store';
import { RERUN_MS, type ChecksEntry } from '../../store/checks-slice';
import { Callout, EmptyState, ErrorCallout, Spinner } from '../../components/Feedback';
import { CheckCard } from './CheckCard';
import { AdvicePanel } from './AdvicePanel';
import { FactsPanel } from './FactsPanel';
import { SizingCalculator } from './SizingCalculator';
import { ago } from './format';
import { useNow } from './use-now';
import { typingInField } from '../../components/typing';
import './checks.css';

const EMPTY: ChecksEntry = { run: null, busy: null, error: null, loaded: false, ranThisSession: null };
const TONE = { fail: 'bad', warn: 'warn', info: 'info', pass: 'ok' } as const;

export function ChecksView({ profile }: SectionProps) {
  const id = profile.id;
  const entry = useStore((s) => s.checks[id]) ?? EMPTY;
  const loadLastRun = useStore((s) => s.loadLastRun);
  const runChecks = useStore((s) => s.runChecks);
  const startChecks = useStore((s) => s.startChecks);
  const hidePassing = useStore((s) => s.checksHidePassing[profile.id] ?? false);
  const now = useNow();
  const ask = profile.passwordMode === 'ask';
  const run = entry.run;
  const start = () => void startChecks(id, ask);

  useEffect(() => void loadLastRun(id), [id, loadLastRun]);
  // Opening the view measures the server when this session has no fresh run for it.
  useEffect(() => {
    if (!entry.loaded || entry.busy || entry.ranThisSession || ask) return;
    if (!run || now - Date.parse(run.ranAt) > RERUN_MS) void runChecks(id);
  }, [entry.loaded, entry.busy, entry.ranThisSession, ask, run, id, runChecks, now]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'r' || e.ctrlKey || e.metaKey || e.altKey || typingInField(e) || document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      void useStore.getState().startChecks(id, ask);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, ask]);

  const busy = entry.busy !== null;
  const changes = new Map((run?.changes ?? []).map((c) => [c.id, c]));
  const shown = run ? run.checks.filter((c) => !hidePassing || c.severity !== 'pass') : [];
  // `now` ticks every 30 s, so it can be older than a run that just finished.
  const nextRun = entry.ranThisSession && !ask ? Math.max(0, Math.ceil((entry.ranThisSession + RERUN_MS - Math.max(now, entry.ranThisSession)) / 60_000)) : null;

  return (
    <div className="stack checks-view" data-testid="checks-view">
      <section className="card checks-toolbar" aria-label="Run checks">
        <div className="row-wrap">
          <h2 className="grow">Server checks</h2>
          {run ? (
            <div className="row-wrap" data-testid="checks-counts" aria-label="Results by severity">
              {SEVERITIES.map((s) => (
                <span key={s} className={`badge ${run.counts[s] ? TONE[s] : 'zero'}`} data-testid={`count-${s}`}>
                  {run.counts[s]} {SEVERITY_LABELS[s].toLowerCase()}
                </span>
              ))}
            </div>
          ) : null}
          <button type="button" className="btn primary" onClick={start} disabled={busy} data-testid="run-checks" title="Run checks (R)" aria-keyshortcuts="R">
            {entry.busy === 'run' ? 'Running…' : 'Run checks'}
          </button>
        </div>
        <div className="row-wrap muted checks-status" data-testid="checks-status">
          {entry.busy === 'run' ? <Spinner label={`Connecting to ${run?.facts.target ?? 'the server'} and reading its settings…`} /> : null}
          {entry.busy === 'apply' || entry.busy === 'evaluate' ? <Spinner label="Saving and re-evaluating…" /> : null}
          {run && !entry.busy ? (
            <span>
              {run.reevaluated ? `Re-evaluated ${ago(run.ranAt, now)} against the facts measured ${ago(run.facts.measuredAt, now)}` : `Last run ${ago(run.ranAt, now)}, took ${run.durationMs} ms`}
              {nextRun !== null ? ` · next automatic run in ${nextRun} min` : ask ? ' · asks for the password, so it only runs when you ask' : ''}
            </span>
          ) : null}
          {run ? (
            <label className="checkbox">
              <input type="checkbox" checked={hidePassing} onChange={(e) => useStore.getState().setChecksHidePassing(profile.id, e.target.checked)} data-testid="hide-passing" /> Hide passing checks
            </label>
          ) : null}
        </div>
      </section>

      {entry.error ? <ErrorCallout error={entry.error} title="The checks could not run" testId="checks-error" /> : null}
      {entry.error && run ? <p className="muted">The results below are from the last successful run.</p> : null}

      {!run && !busy && !entry.error ? (
        <EmptyState title="No checks yet" testId="checks-empty">
          <p>
            Run the checks to connect to <span className="mono">{profile.backend === 'sqlite' ? profile.database || ':memory:' : profile.host ?? '127.0.0.1'}</span>, read its settings and compare them with this connection's pool settings and driver.
            {ask ? ' Press R or use Run checks, then enter the password (it is used for this run only).' : ' Press R or use Run checks.'}
          </p>
        </EmptyState>
      ) : null}

      {run && run.changes.length ? (
        <Callout tone="info" title={`Changed since the run ${run.previousRanAt ? ago(run.previousRanAt, now) : 'before'}`} testId="checks-changes">
          <ul className="changes">
            {run.changes.map((c) => (
              <li key={c.id}>
                <span className="mono">{c.id}</span>: {c.from ?? 'new'} → {c.to ?? 'no longer applies'}
              </li>
            ))}
          </ul>
        </Callout>
      ) : null}

      {run ? (
        <div className="checks-layout">
          <div className="stack check-list" role="list" aria-label="Check results">
            {shown.map((c) => (
              <div role="listitem" key={c.id}>
                <CheckCard check={c} change={changes.get(c.id)} connectionId={id} busy={busy} />
              </div>
            ))}
            {shown.length === 0 ? <p className="muted">Every check passes; untick "Hide passing checks" to see them.</p> : null}
          </div>
          <div className="stack">
            <AdvicePanel advice={run.advice} connectionId={id} busy={busy} />
            {profile.backend !== 'sqlite' ? <SizingCalculator key={`${id}-${profile.updatedAt}`} profile={profile} headroom={run.advice.headroom} busy={busy} /> : null}
            <FactsPanel facts={run.facts} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
