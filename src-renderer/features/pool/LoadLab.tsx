import type { ConnectionProfile } from '@shared/profile';
import type { LoadProgressDto } from '@shared/pool-types';
import { isPreparedStatementKind, scenarioSchema } from '@shared/lab-types';
import { useStore } from '../../store';
import { DEFAULT_LAB_FORM, scenarioOf, type LabForm, type QueryKind } from '../../store/lab-form';
import { Callout, ErrorCallout } from '../../components/Feedback';
import { formatMs } from '../../components/LineChart';
import { formatCount } from '../../format';

/**
 * Load scenario form, start/stop, and the progress of the latest run (live while it runs). The form
 * and the progress live in the store per connection, so this component can be unmounted at any time.
 */
export function LoadLab({ profile }: { profile: ConnectionProfile }) {
  const start = useStore((s) => s.startLoad);
  const stop = useStore((s) => s.stopLoad);
  const error = useStore((s) => s.labErrors[profile.id] ?? null);
  const form = useStore((s) => s.labForms[profile.id]) ?? DEFAULT_LAB_FORM;
  const progress = useStore((s) => s.labLoads[profile.id]) ?? null;
  const setField = (patch: Partial<LabForm>) => useStore.getState().setLabForm(profile.id, patch);
  const isSqlite = profile.backend === 'sqlite';
  const scenario = scenarioOf(form);
  const parsed = scenarioSchema.safeParse(scenario);
  const running = progress?.state === 'running' || progress?.state === 'stopping';
  const driver = profile.service.driver ?? 'asyncpg';
  // The run just shown failed the way the driver fails behind a transaction-mode pooler, and the recipe is not on yet.
  const recipeCures = profile.backend === 'postgresql' && !running && !form.driverRecipe && progress !== null && Object.keys(progress.errorsByKind).some(isPreparedStatementKind);
  const applyRecipe = () => {
    setField({ driverRecipe: true });
    void start(profile.id, { ...scenario, driverRecipe: true });
  };
  const num = (key: 'concurrency' | 'durationSec' | 'rampSec' | 'holdMs' | 'thinkMs' | 'seconds', label: string, min: number, max: number, help: string, step = 1) => (
    <div className="field">
      <label htmlFor={`lab-${key}`}>{label}</label>
      <input id={`lab-${key}`} className="input" type="number" min={min} max={max} step={step} value={form[key]} disabled={running} onChange={(e) => setField({ [key]: Number(e.target.value) })} aria-describedby={`lab-${key}-help`} />
      <span id={`lab-${key}-help`} className="field-help">
        {help}
      </span>
    </div>
  );
  return (
    <div className="stack" style={{ gap: 12 }} data-testid="load-lab">
      <div className="lab-grid">
        {num('concurrency', 'Concurrency', 1, 512, 'parallel requests')}
        {num('durationSec', 'Duration (s)', 1, 600, 'then it stops')}
        {num('rampSec', 'Ramp (s)', 0, 600, 'workers start spread over it')}
        {num('holdMs', 'Hold (ms)', 0, 60000, 'keep the connection after the query')}
        {num('thinkMs', 'Think (ms)', 0, 60000, 'pause between requests')}
        <div className="field">
          <label htmlFor="lab-kind">Query</label>
          <select id="lab-kind" className="select" value={form.kind} disabled={running} onChange={(e) => setField({ kind: e.target.value as QueryKind })}>
            <option value="select1">SELECT 1</option>
            {!isSqlite ? <option value="sleep">Server-side sleep</option> : null}
            <option value="custom">My read-only statement</option>
          </select>
        </div>
        {form.kind === 'sleep' ? num('seconds', 'Sleep (s)', 0, 30, profile.backend === 'postgresql' ? 'pg_sleep' : 'SLEEP()', 0.01) : null}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.transaction} disabled={running} onChange={(e) => setField({ transaction: e.target.checked })} /> Transaction per request (BEGIN … ROLLBACK, as SQLAlchemy's autobegin does)
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={form.commit} disabled={running} onChange={(e) => setField({ commit: e.target.checked })} data-testid="lab-commit" />
        <span>
          Commit each request (<code>async with engine.begin()</code>)<span className="faint"> — otherwise the connection&apos;s close rolls back, as <code>engine.connect()</code> does</span>
        </span>
      </label>
      {profile.backend === 'postgresql' ? (
        <label className="checkbox">
          <input type="checkbox" checked={form.driverRecipe} disabled={running} onChange={(e) => setField({ driverRecipe: e.target.checked })} data-testid="lab-driver-recipe" />
          <span>
            Apply the export&apos;s PgBouncer recipe
            {driver === 'psycopg' ? ' (prepare_threshold=None)' : driver === 'asyncpg' ? ' (statement_cache_size=0, prepared_statement_cache_size=0, unique statement names)' : ''}
            <span className="faint"> — without it the pool speaks as {driver} does by default, with named prepared statements.</span>
          </span>
        </label>
      ) : null}
      {form.kind === 'custom' ? (
        <div className="field">
          <label htmlFor="lab-sql">Read-only statement (one statement; it runs in a read-only transaction)</label>
          <textarea id="lab-sql" className="textarea" rows={3} value={form.sql} disabled={running} placeholder="SELECT id, email FROM users WHERE tenant_id = 1" onChange={(e) => setField({ sql: e.target.value })} />
        </div>
      ) : null}
      <div className="row">
        {running ? (
          <button type="button" className="btn danger" onClick={() => progress && void stop(profile.id, progress.runId)} data-testid="load-stop" disabled={progress?.state === 'stopping'}>
            {progress?.state === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button type="button" className="btn primary" disabled={!parsed.success} onClick={() => void start(profile.id, scenario)} data-testid="load-start">
            Start load
          </button>
        )}
        {!parsed.success ? <span className="field-error">{parsed.error.issues[0]?.message}</span> : null}
      </div>
      {error ? <ErrorCallout error={error} title="The lab could not do that" testId="lab-error" /> : null}
      {progress ? <LoadProgress progress={progress} /> : null}
      {recipeCures ? (
        <Callout tone="warn" title="Prepared statements fail behind a pooler in transaction mode" testId="lab-recipe-advice">
          <div className="stack" style={{ gap: 8 }}>
            <span>
              {driver === 'psycopg'
                ? 'psycopg prepares a statement once it has run prepare_threshold (5) times on a connection, under a name kept per connection.'
                : 'asyncpg runs every statement as a named prepared statement and keeps it per connection.'}{' '}
              A pooler in transaction mode (PgBouncer before 1.21, or without max_prepared_statements) runs each transaction on whichever server connection is free, where that statement was never prepared: your service would log these same errors. The config export writes the cure into db.py:{' '}
              {driver === 'psycopg' ? (
                <code>connect_args={'{'}&quot;prepare_threshold&quot;: None{'}'}</code>
              ) : (
                <>
                  <code>statement_cache_size=0</code> and <code>prepared_statement_name_func</code> in connect_args, <code>prepared_statement_cache_size=0</code> in the URL
                </>
              )}
              .
            </span>
            <div className="row">
              <button type="button" className="btn primary" onClick={applyRecipe} data-testid="lab-apply-recipe">
                Apply the recipe and run again
              </button>
            </div>
          </div>
        </Callout>
      ) : null}
    </div>
  );
}

function LoadProgress({ progress }: { progress: LoadProgressDto }) {
  const pct = Math.min(100, (progress.elapsedSec / progress.durationSec) * 100);
  const errors = Object.entries(progress.errorsByKind);
  const failed = errors.reduce((n, [, k]) => n + k, 0);
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="load-progress" data-state={progress.state}>
      <div className="row">
        <span className="badge info">{progress.state}</span>
        <span className="num">
          {progress.elapsedSec.toFixed(1)} / {progress.durationSec} s · {progress.activeWorkers} workers · {progress.completed + failed} requests
          {failed ? `, ${failed} failed` : ''}
        </span>
      </div>
      <div className="progress" role="progressbar" aria-label="Load run progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
        <div style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      <div className="row-wrap">
        <span>
          Throughput <strong className="num" data-testid="load-throughput">{formatCount(progress.throughput)}</strong> req/s
        </span>
        <span>
          latency p50 <strong className="num">{formatMs(progress.latency.p50)}</strong> p95 <strong className="num">{formatMs(progress.latency.p95)}</strong> p99 <strong className="num">{formatMs(progress.latency.p99)}</strong>
        </span>
        {errors.length ? (
          <span className="row-wrap" data-testid="load-errors">
            {errors.map(([k, n]) => (
              <span key={k} className="badge bad">
                {k}: {n}
              </span>
            ))}
          </span>
        ) : (
          <span className="badge ok">no errors</span>
        )}
      </div>
    </div>
  );
}
