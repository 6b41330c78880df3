import { useEffect, useState } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import { scenarioSchema, type ScenarioInput } from '@shared/lab-types';
import type { InterpreterListDto, PythonInterpreterDto, VerifyRunDto, VerifySideDto, VerifySource } from '@shared/verify-types';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { Callout, ErrorCallout, Spinner } from '../../components/Feedback';
import { CopyButton } from '../../components/CopyButton';
import { verifyKey } from './slice';
import './verify.css';

const SOURCE_TEXT: Record<VerifySource, string> = {
  pool: 'create_async_engine with this connection\'s saved pool settings',
  export: 'the db.py this tab exports (the recommended settings)',
};

/**
 * "Run on real SQLAlchemy": the same load scenario in a Python the user picks, through the runner
 * Poolscope ships, then on Poolscope's own pool, side by side with the differences highlighted.
 */
export function VerifyPanel({ profile, source }: { profile: ConnectionProfile; source: VerifySource }) {
  const [open, setOpen] = useState(false);
  const headingId = `verify-h-${source}`;
  return (
    <section className="card stack verify" aria-labelledby={headingId} data-testid={`verify-${source}`}>
      <div className="card-title">
        <h2 id={headingId}>Run on real SQLAlchemy</h2>
        {!open ? (
          <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="verify-open" aria-expanded={false}>
            Set up a run…
          </button>
        ) : null}
      </div>
      <p className="faint">
        Runs a load scenario on real SQLAlchemy 2.0 ({SOURCE_TEXT[source]}) in a Python interpreter on this machine, then on Poolscope&apos;s own pool, and compares checkouts, waits, timeouts and
        errors. The password goes to the runner on its standard input, never on a command line or in a file.
      </p>
      {open ? <VerifyBody profile={profile} source={source} /> : null}
    </section>
  );
}

function VerifyBody({ profile, source }: { profile: ConnectionProfile; source: VerifySource }) {
  const id = profile.id;
  const list = useStore((s) => s.interpreters[id]);
  const error = useStore((s) => s.verifyErrors[id] ?? null);
  const run = useStore((s) => s.verifyRuns[verifyKey(id, source)]);
  const [form, setForm] = useState({ concurrency: 8, durationSec: 5, holdMs: 50 });
  useEffect(() => {
    void useStore.getState().loadInterpreters(id);
    const offProgress = bridge.on('verify.progress', (d) => useStore.getState().onVerify(d));
    const offFinished = bridge.on('verify.finished', (d) => useStore.getState().onVerify(d));
    return () => {
      offProgress();
      offFinished();
    };
  }, [id]);
  const scenario: ScenarioInput = { ...form, query: { kind: 'select1' } };
  const parsed = scenarioSchema.safeParse(scenario);
  const running = run?.state === 'running';
  const num = (key: keyof typeof form, label: string, min: number, max: number, help: string) => (
    <div className="field">
      <label htmlFor={`verify-${source}-${key}`}>{label}</label>
      <input id={`verify-${source}-${key}`} className="input" type="number" min={min} max={max} value={form[key]} disabled={running} aria-describedby={`verify-${source}-${key}-help`} onChange={(e) => setForm({ ...form, [key]: Number(e.target.value) })} data-testid={`verify-${key}`} />
      <span id={`verify-${source}-${key}-help`} className="field-help">
        {help}
      </span>
    </div>
  );
  return (
    <div className="stack" style={{ gap: 12 }}>
      <InterpreterPicker id={id} source={source} list={list} disabled={running} />
      <div className="lab-grid">
        {num('concurrency', 'Concurrency', 1, 512, 'parallel requests, SELECT 1 each')}
        {num('durationSec', 'Duration (s)', 1, 600, 'for each side')}
        {num('holdMs', 'Hold (ms)', 0, 60000, 'keep the connection after the query')}
      </div>
      <div className="row">
        {running ? (
          <button type="button" className="btn danger" onClick={() => void useStore.getState().stopVerify(run.verifyId)} data-testid="verify-stop">
            Stop
          </button>
        ) : (
          <button type="button" className="btn primary" disabled={!parsed.success || list === 'loading'} onClick={() => void useStore.getState().startVerify(id, source, scenario)} data-testid="verify-start">
            Run on real SQLAlchemy
          </button>
        )}
        {!parsed.success ? <span className="field-error">{parsed.error.issues[0]?.message}</span> : null}
      </div>
      {error ? <ErrorCallout error={error} title="The run on real SQLAlchemy could not start" testId="verify-error" /> : null}
      {run ? <VerifyResult run={run} /> : null}
    </div>
  );
}

function interpreterText(i: PythonInterpreterDto): string {
  const state = i.problem ? 'cannot be used' : i.missing.length ? `missing ${i.missing.length === 1 ? i.missing[0]!.split(' (')[0] : `${i.missing.length} packages`}` : `ready, SQLAlchemy ${i.sqlalchemy}`;
  return `${i.path} — Python ${i.version ?? '?'}, ${state} (${i.label})`;
}

function InterpreterPicker({ id, source, list, disabled }: { id: string; source: VerifySource; list: InterpreterListDto | 'loading' | undefined; disabled: boolean }) {
  const [other, setOther] = useState('');
  if (list === undefined || list === 'loading') return <Spinner label="Looking for Python interpreters…" />;
  const selected = list.chosen ?? '';
  const current = list.interpreters.find((i) => i.path === (list.chosen ?? '')) ?? list.interpreters.find((i) => !i.problem && !i.missing.length) ?? list.interpreters[0];
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="verify-interpreters">
      <div className="field">
        <label htmlFor={`verify-${source}-python`}>Python interpreter</label>
        <select id={`verify-${source}-python`} className="select" value={selected} disabled={disabled} onChange={(e) => void useStore.getState().chooseInterpreter(id, e.target.value || null)} data-testid="verify-python">
          <option value="">Automatic: {current ? interpreterText(current) : 'none found'}</option>
          {list.interpreters.map((i) => (
            <option key={i.path} value={i.path}>
              {interpreterText(i)}
            </option>
          ))}
        </select>
        <span className="field-help">Found: the active virtualenv, project folders chosen here, python3 and python on PATH. The choice is saved in settings.</span>
      </div>
      <div className="row-wrap">
        <label htmlFor={`verify-${source}-other`} className="sr-only">
          Another interpreter or project folder
        </label>
        <input id={`verify-${source}-other`} className="input grow" placeholder="/path/to/project (with .venv) or /path/to/python" value={other} disabled={disabled} onChange={(e) => setOther(e.target.value)} data-testid="verify-other" />
        <button type="button" className="btn" disabled={disabled || !other.trim()} onClick={() => void useStore.getState().chooseInterpreter(id, other.trim())} data-testid="verify-choose">
          Use this interpreter
        </button>
        <button type="button" className="btn" disabled={disabled} onClick={() => void useStore.getState().loadInterpreters(id, true)} data-testid="verify-recheck">
          Check again
        </button>
      </div>
      {current && current.missing.length ? <MissingPackages missing={current.missing} pip={current.pip} python={current.path} /> : null}
      {!list.interpreters.length ? (
        <Callout tone="warn" title="No Python interpreter found" testId="verify-no-python">
          Install Python 3.8 or newer, or give the path of a project folder holding its .venv above.
        </Callout>
      ) : null}
    </div>
  );
}

function MissingPackages({ missing, pip, python }: { missing: string[]; pip: string | null; python: string }) {
  return (
    <Callout tone="warn" title={`${python} cannot run it yet`} testId="verify-missing">
      <div className="stack" style={{ gap: 6 }}>
        <ul className="verify-missing-list">
          {missing.map((m) => (
            <li key={m}>Missing: {m}</li>
          ))}
        </ul>
        {pip ? (
          <div className="row-wrap">
            <code className="verify-pip" data-testid="verify-pip">
              {pip}
            </code>
            <CopyButton text={pip} label="Copy pip command" testId="verify-pip-copy" />
          </div>
        ) : null}
        <span className="faint">Install it, then press Check again.</span>
      </div>
    </Callout>
  );
}

function sideProgress(side: VerifySideDto, durationSec: number): number {
  if (side.state === 'done') return 100;
  return Math.min(100, Math.round((side.elapsedSec / durationSec) * 100));
}

function VerifyResult({ run }: { run: VerifyRunDto }) {
  const i = run.interpreter;
  const classDiffers = run.python.poolClass !== null && run.poolscope.poolClass !== null && run.python.poolClass !== run.poolscope.poolClass;
  return (
    <div className="stack" style={{ gap: 10 }} data-testid="verify-result" data-state={run.state} data-phase={run.phase}>
      <div className="row-wrap">
        <span className={`badge ${run.state === 'done' ? (run.differences ? 'warn' : 'ok') : run.state === 'running' ? 'info' : 'bad'}`} data-testid="verify-state">
          {run.state === 'done' ? (run.differences ? `${run.differences} difference${run.differences === 1 ? '' : 's'} in behaviour` : `same behaviour${run.timingDifferences ? `; ${run.timingDifferences} timing measure${run.timingDifferences === 1 ? '' : 's'} beyond tolerance` : ''}`) : run.state === 'running' ? (run.phase === 'python' ? 'running on real SQLAlchemy' : "running on Poolscope's pool") : run.state}
        </span>
        <span className="faint">
          Python {i.version ?? '?'} ({i.path}) · SQLAlchemy {i.sqlalchemy ?? '?'} · {i.driver} {i.driverVersion ?? ''}
        </span>
      </div>
      {run.state === 'running' ? (
        <div className="verify-progress">
          {(['python', 'poolscope'] as const).map((k) => (
            <div key={k} className="stack" style={{ gap: 4 }}>
              <span>
                {k === 'python' ? 'Real SQLAlchemy' : "Poolscope's pool"}: {run[k].checkouts} checkouts, {run[k].errors} errors
              </span>
              <div className="progress" role="progressbar" aria-label={`${k === 'python' ? 'Real SQLAlchemy' : 'Poolscope'} run progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={sideProgress(run[k], run.scenario.durationSec)}>
                <div style={{ width: `${sideProgress(run[k], run.scenario.durationSec)}%` }} />
              </div>
            </div>
          ))}
        </div>
      ) : null}
      {run.python.failure?.missing?.length ? <MissingPackages missing={run.python.failure.missing} pip={run.python.failure.pip ?? null} python={i.path} /> : null}
      {run.python.failure && !run.python.failure.missing?.length ? (
        <Callout tone={run.state === 'stopped' ? 'info' : 'error'} title={run.state === 'stopped' ? 'Stopped' : 'The real SQLAlchemy run failed'} testId="verify-failure">
          {run.python.failure.message} {run.python.failure.hint ?? ''}
        </Callout>
      ) : null}
      {run.poolscope.failure ? (
        <Callout tone="error" title="Poolscope's run failed" testId="verify-poolscope-failure">
          {run.poolscope.failure.message}
        </Callout>
      ) : null}
      {run.comparison.length ? (
        <table className="table verify-table" aria-label="Real SQLAlchemy beside Poolscope" data-testid="verify-table">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Real SQLAlchemy</th>
              <th scope="col">Poolscope</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            <tr className={classDiffers ? 'differs' : undefined} data-testid="verify-row-poolclass">
              <th scope="row">Pool class</th>
              <td>{run.python.poolClass}</td>
              <td>{run.poolscope.poolClass}</td>
              <td>{classDiffers ? <span className="badge bad">differs</span> : <span className="badge ok">same</span>}</td>
            </tr>
            {run.comparison.map((r) => (
              <tr key={r.key} className={r.verdict === 'differs' ? 'differs' : r.verdict === 'timing' ? 'timing' : undefined} data-testid={`verify-row-${r.key}`} data-verdict={r.verdict}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.python}</td>
                <td className="num">{r.poolscope}</td>
                <td>
                  <span className={`badge ${r.verdict === 'differs' ? 'bad' : r.verdict === 'timing' ? 'warn' : r.verdict === 'within' ? 'info' : 'ok'}`} title={`Tolerance: ${r.tolerance}`}>
                    {r.verdict === 'within' ? 'within tolerance' : r.verdict === 'timing' ? 'timing beyond tolerance' : r.verdict}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {run.state === 'done' && (run.python.samples.length || run.poolscope.samples.length) ? (
        <div className="grid-2">
          {(['python', 'poolscope'] as const).map((k) => (
            <div key={k} className="stack" style={{ gap: 4 }}>
              <h3 className="verify-h3">{k === 'python' ? 'Errors SQLAlchemy raised' : 'Errors Poolscope reported'}</h3>
              {run[k].samples.length ? (
                <ul className="verify-errors" data-testid={`verify-errors-${k}`}>
                  {run[k].samples.map((s) => (
                    <li key={`${s.kind}|${s.cls}|${s.message}`}>
                      <strong>{s.count}×</strong> <code>{s.cls}</code> {s.message}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="faint">none</span>
              )}
            </div>
          ))}
        </div>
      ) : null}
      {run.comparison.length ? (
        <p className="faint">
          Timing measures (counts, waits) have tolerances, shown on each verdict; beyond them they are flagged as timing, not as a difference in behaviour. Checkout waits include opening new connections, so on a busy
          machine the slowest waits are mostly connect time.
        </p>
      ) : null}
      {run.state === 'done' && run.scenario.holdMs === 0 ? <p className="faint">No hold time: the counts mostly measure how fast each runtime loops, not the pool.</p> : null}
    </div>
  );
}
