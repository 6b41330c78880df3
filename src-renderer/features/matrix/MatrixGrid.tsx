import { useRef, type KeyboardEvent } from 'react';
import { PY_DRIVER_INFO } from '@shared/backends';
import { MATRIX_ROWS, MATRIX_WORKLOADS, cellKey, matrixCell, type EnvGroup } from '@shared/matrix';
import { WORKLOAD_LABELS } from '@shared/profile';

/**
 * The grid: server kinds down, workloads across, for one environment column set. Each cell is a
 * button that opens its reasoning; the connection's own cell is marked. Arrow keys move between
 * cells.
 */
export function MatrixGrid({ env, currentKey, openKey, onOpen }: { env: EnvGroup; currentKey: string; openKey: string; onOpen(key: string): void }) {
  const ref = useRef<HTMLTableElement>(null);
  const move = (e: KeyboardEvent<HTMLButtonElement>, row: number, col: number) => {
    const d = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
    if (!d) return;
    e.preventDefault();
    const r = Math.min(MATRIX_ROWS.length - 1, Math.max(0, row + d[0]!));
    const c = Math.min(MATRIX_WORKLOADS.length - 1, Math.max(0, col + d[1]!));
    ref.current?.querySelector<HTMLButtonElement>(`[data-row="${r}"][data-col="${c}"]`)?.focus();
  };
  return (
    <table className="matrix-grid" ref={ref} data-testid="matrix-grid">
      <caption className="sr-only">Driver, URL scheme and pool class for each server kind and workload ({env === 'production' ? 'production and staging' : 'test and local'})</caption>
      <thead>
        <tr>
          <th scope="col">Server</th>
          {MATRIX_WORKLOADS.map((w) => (
            <th scope="col" key={w}>
              {WORKLOAD_LABELS[w]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {MATRIX_ROWS.map((row, r) => (
          <tr key={row.kind}>
            <th scope="row">
              <div className="matrix-row-label">{row.label}</div>
              <div className="faint matrix-row-source">{row.guideRow ? 'from the guide' : 'Poolscope, from facts.md'}</div>
            </th>
            {MATRIX_WORKLOADS.map((w, c) => {
              const cell = matrixCell(row.kind, w, env);
              const key = cellKey(cell);
              const current = key === currentKey;
              return (
                <td key={w} className={`${current ? 'current' : ''} ${key === openKey ? 'open' : ''}`}>
                  <button
                    type="button"
                    className="matrix-cell"
                    data-testid={`matrix-cell-${row.kind}-${w}`}
                    data-current={current ? 'true' : 'false'}
                    data-row={r}
                    data-col={c}
                    aria-current={current ? 'true' : undefined}
                    aria-pressed={key === openKey}
                    onClick={() => onOpen(key)}
                    onKeyDown={(e) => move(e, r, c)}
                  >
                    {/* Named from its content, so the name holds the words seen; the row and column go first, hidden. */}
                    <span className="sr-only">{`${row.label}, ${WORKLOAD_LABELS[w]}: `}</span>
                    {current ? <span className="matrix-here">this connection</span> : null}
                    <span className="matrix-driver">{cell.driver ? PY_DRIVER_INFO[cell.driver].label : 'Not for production'}</span>
                    <span className="mono matrix-scheme">{cell.scheme}</span>
                    <span className="matrix-pool">{cell.poolLabel}</span>
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
