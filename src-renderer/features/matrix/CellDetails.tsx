import { PY_DRIVER_INFO } from '@shared/backends';
import { MATRIX_ROWS, type MatrixCell } from '@shared/matrix';
import { WORKLOAD_LABELS } from '@shared/profile';
import type { Recommendation } from '@shared/advice';
import { CopyButton } from '../../components/CopyButton';

/** One cell's reasoning; for the connection's own cell also the URL the engine built for it. */
export function CellDetails({ cell, current, advice }: { cell: MatrixCell; current: boolean; advice?: Recommendation }) {
  const row = MATRIX_ROWS.find((r) => r.kind === cell.kind)!;
  return (
    <section className="card cell-details" aria-labelledby="cell-details-title" data-testid="matrix-details" aria-live="polite">
      <div className="card-title">
        <h2 id="cell-details-title">
          {row.label} · {WORKLOAD_LABELS[cell.workload]} · {cell.envGroup === 'production' ? 'production / staging' : 'test / local'}
        </h2>
        {current ? <span className="badge info">this connection</span> : null}
      </div>
      <dl className="kv">
        <dt>Driver</dt>
        <dd data-testid="details-driver">{cell.driver ? PY_DRIVER_INFO[cell.driver].label : 'none: not for this environment'}</dd>
        <dt>URL scheme</dt>
        <dd className="mono">{cell.scheme}</dd>
        <dt>Pool</dt>
        <dd>{cell.poolLabel}</dd>
        <dt>{cell.envGroup === 'production' ? 'Alternatives' : 'Test / local'}</dt>
        <dd>{cell.alternatives}</dd>
        {cell.connectArgs.length ? (
          <>
            <dt>Driver arguments</dt>
            <dd className="mono">{cell.connectArgs.map((a) => (a.where === 'url' ? `?${a.key}=${a.python}` : `connect_args["${a.key}"] = ${a.python}`)).join(', ')}</dd>
          </>
        ) : null}
        <dt>Recognised by</dt>
        <dd>{row.detection}</dd>
        <dt>Source</dt>
        <dd>{cell.source}</dd>
      </dl>
      <h3 className="reasoning-title">Why</h3>
      <ul className="reasoning" data-testid="details-reasoning">
        {cell.reasoning.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {current && advice ? (
        <div className="row-wrap">
          <span className="muted">For this connection:</span>
          <code className="mono">{advice.url.value}</code>
          <CopyButton text={advice.url.value} label="Copy URL" testId="copy-url" />
        </div>
      ) : null}
    </section>
  );
}
