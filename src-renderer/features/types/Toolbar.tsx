import { TARGETS, TARGET_LABELS, type TypesReport } from '@shared/typemap-model';
import { useStore } from '../../store';
import { typesViewOf } from '../../store/types-slice';
import { formatCount } from '../../format';

/** Search, verdict and target filters, table filter; says how many columns are shown. */
export function Toolbar({ report, shown }: { report: TypesReport; shown: number }) {
  const filter = useStore((s) => typesViewOf(s).filter);
  const setView = useStore((s) => s.setTypesView);
  const setFilter = (filter: Parameters<typeof setView>[0]['filter']) => setView({ filter });
  return (
    <div className="row-wrap types-toolbar" role="search" aria-label="Filter columns">
      <input
        type="search"
        className="input"
        placeholder="Search table, column or type"
        aria-label="Search columns"
        value={filter.search}
        onChange={(e) => setFilter({ search: e.target.value })}
        data-testid="types-search"
      />
      <div className="segmented" role="radiogroup" aria-label="Verdict">
        {(['all', 'portable', 'lossy', 'unsupported'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="radio"
            aria-checked={filter.verdict === v}
            className="btn small"
            onClick={() => setFilter({ verdict: v })}
            data-testid={`verdict-filter-${v}`}
          >
            {v === 'all' ? 'All' : v}
          </button>
        ))}
      </div>
      <select className="select" aria-label="Verdict on target" value={filter.target} onChange={(e) => setFilter({ target: e.target.value as typeof filter.target })} data-testid="types-target">
        <option value="any">on any target</option>
        {TARGETS.map((t) => (
          <option key={t} value={t}>
            on {TARGET_LABELS[t]}
          </option>
        ))}
      </select>
      <select className="select" aria-label="Table" value={filter.table ?? ''} onChange={(e) => setFilter({ table: e.target.value || null })} data-testid="types-table">
        <option value="">All tables</option>
        {report.tables.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name} ({t.columns})
          </option>
        ))}
      </select>
      <span className="muted num" aria-live="polite" data-testid="types-count">
        {shown === report.columns.length ? `${formatCount(shown)} columns` : `${formatCount(shown)} of ${formatCount(report.columns.length)} columns`}
      </span>
    </div>
  );
}
