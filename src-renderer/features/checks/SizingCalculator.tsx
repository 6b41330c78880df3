import { useId, useMemo } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import type { ServerHeadroom } from '@shared/pool-sizing';
import { littlesLaw, sizePool } from '@shared/pool-sizing';
import { useStore } from '../../store';
import type { SizingInputs } from '../../store/checks-slice';

function NumberField({ label, value, onChange, min, testId, help }: { label: string; value: string; onChange(v: string): void; min: number; testId: string; help?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="input" type="number" inputMode="numeric" min={min} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-describedby={help ? `${id}-help` : undefined} />
      {help ? (
        <span className="field-help" id={`${id}-help`}>
          {help}
        </span>
      ) : null}
    </div>
  );
}

/**
 * Pool sizing from the service's shape: processes and concurrency per process, or requests per
 * second × the time a request holds a connection (Little's law), within the measured headroom.
 * The same shared function the recommendation engine uses, so the numbers always agree.
 */
export function SizingCalculator({ profile, headroom, busy }: { profile: ConnectionProfile; headroom?: ServerHeadroom; busy: boolean }) {
  const applyFix = useStore((s) => s.applyFix);
  // Kept in the store per connection: leaving the Checks tab unmounts this component.
  const stored = useStore((s) => s.sizingInputs[profile.id]);
  const typed = stored?.at === profile.updatedAt ? stored : undefined;
  const mode = typed?.mode ?? 'concurrency';
  const processes = typed?.processes ?? String(profile.service.processes);
  const concurrency = typed?.concurrency ?? String(profile.service.concurrencyPerProcess ?? 5);
  const rps = typed?.rps ?? '100';
  const holdMs = typed?.holdMs ?? '50';
  const put = (patch: Partial<SizingInputs>) => useStore.getState().setSizingInput(profile.id, { ...typed, ...patch, at: profile.updatedAt });
  const setMode = (v: SizingInputs['mode']) => put({ mode: v });
  const setProcesses = (v: string) => put({ processes: v });
  const setConcurrency = (v: string) => put({ concurrency: v });
  const setRps = (v: string) => put({ rps: v });
  const setHoldMs = (v: string) => put({ holdMs: v });
  const n = (v: string) => (v.trim() === '' || !Number.isFinite(Number(v)) ? NaN : Number(v));
  const valid = n(processes) >= 1 && (mode === 'concurrency' ? n(concurrency) >= 1 : n(rps) > 0 && n(holdMs) > 0);
  const result = useMemo(() => {
    if (!valid) return null;
    const procs = Math.floor(n(processes));
    const perProcess = mode === 'concurrency' ? Math.ceil(n(concurrency)) : Math.max(1, Math.ceil(littlesLaw(n(rps), n(holdMs)) / procs));
    return { procs, perProcess, sizing: sizePool({ processes: procs, concurrencyPerProcess: perProcess, poolSize: profile.pool.poolSize, maxOverflow: profile.pool.maxOverflow, ...(headroom ? { headroom } : {}) }) };
  }, [valid, processes, concurrency, rps, holdMs, mode, headroom, profile.pool.poolSize, profile.pool.maxOverflow]);
  const modeName = useId();
  return (
    <section className="card sizing" aria-labelledby="sizing-title" data-testid="sizing-calculator">
      <div className="card-title">
        <h2 id="sizing-title">Pool sizing</h2>
      </div>
      <fieldset className="sizing-mode">
        <legend className="field-label">Work out the connections each process needs from</legend>
        <label className="checkbox">
          <input type="radio" name={modeName} checked={mode === 'concurrency'} onChange={() => setMode('concurrency')} /> concurrent sessions per process
        </label>
        <label className="checkbox">
          <input type="radio" name={modeName} checked={mode === 'rate'} onChange={() => setMode('rate')} /> requests per second × time per request
        </label>
      </fieldset>
      <div className="grid-3">
        <NumberField label="Processes (workers)" value={processes} onChange={setProcesses} min={1} testId="sizing-processes" />
        {mode === 'concurrency' ? (
          <NumberField label="Concurrent sessions per process" value={concurrency} onChange={setConcurrency} min={1} testId="sizing-concurrency" />
        ) : (
          <>
            <NumberField label="Requests per second (all processes)" value={rps} onChange={setRps} min={0} testId="sizing-rps" />
            <NumberField label="Time a request holds a connection (ms)" value={holdMs} onChange={setHoldMs} min={1} testId="sizing-hold" help="Little's law: connections in use = rate × time." />
          </>
        )}
      </div>
      {result ? (
        <div className="sizing-result" data-testid="sizing-result" aria-live="polite">
          <div className="stat">
            <span className="stat-value">{result.sizing.poolSize}</span>
            <span className="stat-label">pool_size</span>
          </div>
          <div className="stat">
            <span className="stat-value">{result.sizing.maxOverflow}</span>
            <span className="stat-label">max_overflow</span>
          </div>
          <div className="stat">
            <span className="stat-value">{result.sizing.totalMax ?? '∞'}</span>
            <span className="stat-label">connections at peak, all processes</span>
          </div>
          <div className="stat">
            <span className="stat-value">{result.sizing.budget ?? '?'}</span>
            <span className="stat-label">{headroom ? 'server budget for this service' : 'server not measured yet'}</span>
          </div>
          <p className={result.sizing.fits ? 'muted' : 'callout-inline bad-text'}>{result.sizing.reason}</p>
          <button
            type="button"
            className="btn small"
            disabled={busy}
            data-testid="apply-sizing"
            onClick={() =>
              void applyFix(
                profile.id,
                { pool: { poolSize: result.sizing.poolSize, maxOverflow: result.sizing.maxOverflow }, service: { processes: result.procs, concurrencyPerProcess: result.perProcess } },
                `pool_size = ${result.sizing.poolSize}, max_overflow = ${result.sizing.maxOverflow}, ${result.procs} processes`,
              )
            }
          >
            Apply these sizes
          </button>
        </div>
      ) : (
        <p className="field-error" role="alert">
          Enter whole numbers: at least one process and one session (or a request rate and time above zero).
        </p>
      )}
    </section>
  );
}
