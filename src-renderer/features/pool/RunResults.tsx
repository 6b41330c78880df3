import type { LoadRunDto, LoadRunSummaryDto } from '@shared/lab-types';
import { useStore } from '../../store';
import { LineChart, formatMs } from '../../components/LineChart';
import { formatCount, formatTime } from '../../format';

function describeSettings(r: LoadRunSummaryDto): string {
  const s = r.settings;
  return `${r.className} size ${s.poolSize} overflow ${s.maxOverflow} timeout ${s.timeout}${s.prePing ? ' pre_ping' : ''}${s.recycle >= 0 ? ` recycle ${s.recycle}` : ''}`;
}

function describeScenario(r: LoadRunSummaryDto): string {
  const q = r.scenario.query;
  const what = q.kind === 'select1' ? 'SELECT 1' : q.kind === 'sleep' ? `sleep ${q.seconds}s` : 'custom SQL';
  return `${r.scenario.concurrency}× ${what}, ${r.scenario.durationSec}s`;
}

/** Finished runs of this connection; tick two to compare them side by side. */
export function RunResults({ connectionId, runs }: { connectionId: string; runs: LoadRunSummaryDto[] }) {
  const compareIds = useStore((s) => s.compareIds);
  const toggle = useStore((s) => s.toggleCompare);
  const remove = useStore((s) => s.deleteRun);
  const details = useStore((s) => s.runDetails);
  if (runs.length === 0) return <p className="muted">No load runs yet. Results of every run stay here, so runs with different settings can be compared.</p>;
  const picked = compareIds.map((id) => details[id]).filter((d): d is LoadRunDto => !!d);
  return (
    <div className="stack" style={{ gap: 12 }}>
      <table className="table" aria-label="Load runs" data-testid="load-runs">
        <thead>
          <tr>
            <th>Compare</th>
            <th>Started</th>
            <th>Scenario</th>
            <th>Pool</th>
            <th className="num">req/s</th>
            <th className="num">p99</th>
            <th className="num">errors</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.runId} data-testid="load-run-row">
              <td>
                <input type="checkbox" aria-label={`Compare run started ${formatTime(r.startedAt)}`} checked={compareIds.includes(r.runId)} disabled={r.state === 'running'} onChange={() => toggle(r.runId)} />
              </td>
              <td className="nowrap">{formatTime(r.startedAt)}</td>
              <td>{describeScenario(r)}</td>
              <td className="mono" style={{ fontSize: 12 }}>
                {describeSettings(r)}
              </td>
              {r.state === 'running' || r.state === 'stopping' ? (
                <td colSpan={3} className="faint">
                  running…
                </td>
              ) : (
                <>
                  <td className="num">{formatCount(r.throughput)}</td>
                  <td className="num">{formatMs(r.latency.p99)}</td>
                  <td className="num">{formatCount(r.errors)}</td>
                </>
              )}
              <td>
                <button type="button" className="btn ghost small" aria-label="Delete this run" disabled={r.state === 'running'} onClick={() => void remove(connectionId, r.runId)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {picked.length === 2 ? <RunCompare a={picked[0]!} b={picked[1]!} /> : compareIds.length ? <p className="faint">Tick a second run to compare.</p> : null}
    </div>
  );
}

function cmp(a: number, b: number, higherIsBetter: boolean): [string, string] {
  if (a === b) return ['', ''];
  const aBetter = higherIsBetter ? a > b : a < b;
  return aBetter ? ['better', 'worse'] : ['worse', 'better'];
}

export function RunCompare({ a, b }: { a: LoadRunDto; b: LoadRunDto }) {
  const rows: Array<[string, number, number, (v: number) => string, boolean]> = [
    ['Throughput (req/s)', a.throughput, b.throughput, (v) => formatCount(v), true],
    ['Latency p50', a.latency.p50, b.latency.p50, formatMs, false],
    ['Latency p99', a.latency.p99, b.latency.p99, formatMs, false],
    ['Errors', a.errors, b.errors, String, false],
    ['Peak checked out', a.peakCheckedOut, b.peakCheckedOut, String, false],
    ['Peak waiting', a.peakWaiting, b.peakWaiting, String, false],
  ];
  return (
    <div className="card stack" data-testid="run-compare">
      <h3>Side by side</h3>
      <div className="compare">
        <span />
        <span className="head mono">A: {describeSettings(a)}</span>
        <span className="head mono">B: {describeSettings(b)}</span>
        {rows.map(([label, va, vb, f, hib]) => {
          const [ca, cb] = cmp(va, vb, hib);
          return [
            <span key={`${label}-l`}>{label}</span>,
            <span key={`${label}-a`} className={`num ${ca}`}>{f(va)}</span>,
            <span key={`${label}-b`} className={`num ${cb}`}>{f(vb)}</span>,
          ];
        })}
      </div>
      <div className="charts">
        <LineChart title="Throughput per second" capacity={Math.max(a.series.length, b.series.length, 2)} series={[{ label: 'A', values: a.series.map((p) => p.throughput), color: 'var(--accent)' }, { label: 'B', values: b.series.map((p) => p.throughput), color: 'var(--warn)' }]} />
        <LineChart title="p99 latency per second" format={formatMs} capacity={Math.max(a.series.length, b.series.length, 2)} series={[{ label: 'A', values: a.series.map((p) => p.p99), color: 'var(--accent)' }, { label: 'B', values: b.series.map((p) => p.p99), color: 'var(--warn)' }]} />
      </div>
      {[a, b].some((r) => r.sampleErrors.length) ? (
        <div className="grid-2">
          {[a, b].map((r, i) => (
            <div key={r.runId}>
              <h4>{i === 0 ? 'A' : 'B'}: errors</h4>
              <ul>
                {r.sampleErrors.slice(0, 5).map((e) => (
                  <li key={e.message} className="mono" style={{ fontSize: 12 }}>
                    {e.count}× {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
