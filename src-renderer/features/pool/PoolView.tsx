import { memo, useEffect } from 'react';
import { useStore } from '../../store';
import type { SectionProps } from '../registry';
import { EmptyState, ErrorCallout, Spinner } from '../../components/Feedback';
import { CopyButton } from '../../components/CopyButton';
import { useLivePool } from './live';
import { PoolGauges, PoolCounters, PoolTimers } from './PoolGauges';
import { PoolCharts } from './PoolCharts';
import { ServerSessions } from './ServerSessions';
import { EventLog } from './EventLog';
import { PoolSettingsEditor } from './PoolSettingsEditor';
import { LoadLab } from './LoadLab';
import { RunResults } from './RunResults';
import { FaultLab } from './FaultLab';
import { PoolHelp } from './PoolHelp';
import { VerifyPanel } from '../verify/VerifyPanel';
import { TunnelPanel } from './TunnelPanel';
import './pool.css';

// The view re-renders on every metrics tick (4 a second); these parts do not change with a tick, so
// they render again only when their own inputs (or store fields) change.
const FaultLabPart = memo(FaultLab);
const RunResultsPart = memo(RunResults);
const EventLogPart = memo(EventLog);
const PoolSettingsPart = memo(PoolSettingsEditor);
const PoolHelpPart = memo(PoolHelp);

const NO_RUNS: [] = [];

export function PoolView({ profile }: SectionProps) {
  const id = profile.id;
  const snapshot = useStore((s) => s.poolSnapshots[id]);
  const error = useStore((s) => s.poolErrors[id] ?? null);
  const busy = useStore((s) => s.poolBusy[id] ?? false);
  const runs = useStore((s) => s.labRuns[id]);
  const live = useLivePool(id);
  useEffect(() => {
    const s = useStore.getState();
    void s.loadPoolSnapshot(id);
    void s.loadRuns(id);
  }, [id]);
  // A run that just ended: refresh the list of runs once.
  const loadState = live?.load?.state;
  useEffect(() => {
    if (loadState && loadState !== 'running' && loadState !== 'stopping') void useStore.getState().loadRuns(id);
  }, [loadState, id]);

  if (snapshot === undefined) return <Spinner label="Looking for this connection's pool…" />;
  const open = snapshot !== null && live !== undefined;
  if (!open) {
    return (
      <div className="stack" style={{ gap: 16 }}>
        {error ? <ErrorCallout error={error} title="The pool could not be opened" testId="pool-error" /> : null}
        <EmptyState
          title="The pool is not open"
          testId="pool-closed"
          action={
            <button type="button" className="btn primary" disabled={busy} onClick={() => void useStore.getState().openPool(id)} data-testid="pool-open">
              {busy ? 'Opening…' : 'Open pool'}
            </button>
          }
        >
          <p>
            Open a live pool with this connection's SQLAlchemy settings over the real server. Like create_async_engine, it connects lazily: connections open when a
            load run, a probe or a fault needs them.
          </p>
        </EmptyState>
        <div className="card">
          <div className="card-title">
            <h2>Pool settings</h2>
          </div>
          <PoolSettingsEditor profile={profile} />
        </div>
        <VerifyPanel profile={profile} source="pool" />
      </div>
    );
  }
  const tick = live.latest;
  const gauges = tick?.gauges ?? snapshot.gauges;
  const counters = tick?.counters ?? snapshot.counters;
  const status = tick?.status ?? snapshot.status;
  const className = tick?.className ?? snapshot.className;
  return (
    <div className="stack" style={{ gap: 16 }} data-testid="pool-view">
      <div className="pool-toolbar">
        <span className="badge info" data-testid="pool-class">{className}</span>
        <code className="pool-status grow" data-testid="pool-status">
          {status}
        </code>
        <CopyButton text={status} label="Copy status" />
        <button type="button" className="btn" disabled={busy} onClick={() => void useStore.getState().closePool(id)} data-testid="pool-close">
          Close pool
        </button>
      </div>
      {error ? <ErrorCallout error={error} title="Pool error" testId="pool-error" /> : null}
      <PoolGauges gauges={gauges} />
      <TunnelPanel profile={profile} />
      <PoolCharts live={live} />
      <div className="grid-2">
        <section className="card" aria-labelledby="load-lab-h">
          <div className="card-title">
            <h2 id="load-lab-h">Load lab</h2>
          </div>
          <LoadLab profile={profile} progress={live.load} />
        </section>
        <section className="card" aria-labelledby="fault-lab-h">
          <div className="card-title">
            <h2 id="fault-lab-h">Fault lab</h2>
          </div>
          <FaultLabPart profile={profile} />
        </section>
      </div>
      <section className="card" aria-labelledby="runs-h">
        <div className="card-title">
          <h2 id="runs-h">Load runs</h2>
        </div>
        <RunResultsPart connectionId={id} runs={runs ?? NO_RUNS} />
      </section>
      <VerifyPanel profile={profile} source="pool" />
      <div className="grid-2">
        <section className="card stack" aria-labelledby="counters-h">
          <h2 id="counters-h">Counters and timers</h2>
          <PoolCounters counters={counters} />
          <PoolTimers timers={tick?.totals ?? snapshot.totals} title="Since the pool opened" />
        </section>
        <section className="card" aria-labelledby="server-h">
          <div className="card-title">
            <h2 id="server-h">The server's view</h2>
          </div>
          <ServerSessions server={live.server} gauges={gauges} tag={snapshot.tag} />
        </section>
      </div>
      <section className="card" aria-labelledby="events-h">
        <div className="card-title">
          <h2 id="events-h">Events</h2>
        </div>
        <EventLogPart events={live.events} />
      </section>
      <section className="card" aria-labelledby="settings-h">
        <div className="card-title">
          <h2 id="settings-h">Pool settings</h2>
        </div>
        <PoolSettingsPart profile={profile} />
      </section>
      <PoolHelpPart />
    </div>
  );
}
