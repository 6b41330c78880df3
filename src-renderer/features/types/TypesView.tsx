import { useEffect, useMemo, useState } from 'react';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { typesViewOf } from '../../store/types-slice';
import { sshSecretNeedOf } from '../../store/ssh-secret-slice';
import { EmptyState, ErrorCallout } from '../../components/Feedback';
import type { SectionProps } from '../registry';
import { filterColumns, searchIndex } from './filter';
import { TypesGrid } from './TypesGrid';
import { ColumnDetail } from './ColumnDetail';
import { SummaryPanel } from './SummaryPanel';
import { Toolbar } from './Toolbar';
import { ModelExport } from './ModelExport';
import './types.css';

const IDLE = { status: 'idle', report: null, error: null, progress: null, jobId: null, schemas: null, schemasError: null, schema: null } as const;

/** The Types section: schema picker, run with progress and cancel, portability summary, the grid, details, model export. */
export function TypesView({ profile }: SectionProps) {
  const entry = useStore((s) => s.types[profile.id]) ?? IDLE;
  const filter = useStore((s) => typesViewOf(s).filter);
  const selected = useStore((s) => typesViewOf(s).selected);
  const { loadTypeSchemas, startTypes, cancelTypes, setTypesView } = useStore.getState();
  const ask = profile.passwordMode === 'ask';
  const start = (schema?: string) => void startTypes(profile.id, ask, schema);
  const selectTypesRow = (index: number | null) => setTypesView({ selected: index });
  const [exporting, setExporting] = useState(false);

  useEffect(() => bridge.on('types.progress', (p) => useStore.getState().onTypesProgress(p)), []);
  // Filters, the selected row and the model choices are kept per connection (store), so leaving
  // the section or switching connections and coming back finds them as they were.
  // A connection that asks for its password lists its schemas after the first map: opening the
  // section never prompts.
  useEffect(() => {
    if (!ask && !useStore.getState().types[profile.id]?.schemas) void loadTypeSchemas(profile.id);
  }, [profile.id, ask, loadTypeSchemas]);

  const report = entry.report;
  const index = useMemo(() => (report ? searchIndex(report.columns) : []), [report]);
  const rows = useMemo(() => (report ? filterColumns(report.columns, index, filter) : []), [report, index, filter]);
  const running = entry.status === 'running';
  const progress = entry.progress;
  // A tunnel secret that is not saved is asked for by Map column types, not reported as a failure.
  const schemasNeedSsh = !!entry.schemasError && sshSecretNeedOf(entry.schemasError.details) !== null;
  const waitsForSecret = !entry.schemas && (ask || schemasNeedSsh);
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;

  return (
    <div className="stack types-view" data-testid="types-view">
      <div className="row-wrap types-controls">
        <div className="field">
          <label htmlFor="types-schema">{profile.backend === 'sqlite' ? 'Database' : profile.backend === 'postgresql' ? 'Schema' : 'Database'}</label>
          <select
            id="types-schema"
            className="select"
            value={entry.schema ?? ''}
            disabled={running || !entry.schemas}
            onChange={(e) => start(e.target.value)}
            data-testid="types-schema"
          >
            {!entry.schemas ? <option value="">{waitsForSecret ? 'after the first map' : entry.schemasError ? 'unavailable' : 'loading…'}</option> : null}
            {entry.schemas?.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn primary" disabled={running} onClick={() => start()} data-testid="types-run">
          {report ? 'Map again' : 'Map column types'}
        </button>
        <button type="button" className="btn" disabled={!report || running} onClick={() => setExporting(true)} data-testid="types-export">
          Export models…
        </button>
        {report ? (
          <span className="faint">
            {report.serverVersion} · schema {report.schema} · introspected in {report.timings.introspectMs} ms, mapped in {report.timings.mapMs} ms
          </span>
        ) : null}
      </div>

      {running ? (
        <div className="card types-progress" data-testid="types-progress">
          <div className="row">
            <span className="grow">{progress?.message ?? 'Working…'}</span>
            <button type="button" className="btn danger small" onClick={() => void cancelTypes(profile.id)} data-testid="types-cancel">
              Cancel
            </button>
          </div>
          <div className="types-bar" role="progressbar" aria-label="Introspection progress" aria-valuemin={0} aria-valuemax={100} {...(pct !== null ? { 'aria-valuenow': pct } : {})}>
            <div className={`types-bar-fill${pct === null ? ' indeterminate' : ''}`} style={pct !== null ? { transform: `scaleX(${pct / 100})` } : undefined} />
          </div>
        </div>
      ) : null}
      {entry.error ? <ErrorCallout error={entry.error} title="The schema could not be mapped" testId="types-error" /> : null}
      {waitsForSecret && !running && !report ? (
        <p className="muted" data-testid="types-asks-secret">
          {ask ? 'This connection asks for its password on connect' : 'Its SSH tunnel asks for a secret that is not saved'}: <strong>Map column types</strong> asks for it, then lists the{' '}
          {profile.backend === 'postgresql' ? 'schemas' : 'databases'}.
        </p>
      ) : null}
      {entry.schemasError && !schemasNeedSsh && !report ? <ErrorCallout error={entry.schemasError} title="The schemas could not be listed" testId="types-schemas-error" /> : null}
      {entry.status === 'cancelled' && !report ? <p className="muted" data-testid="types-cancelled">Cancelled. Nothing was changed on the server; map again when you are ready.</p> : null}

      {!report && !running ? (
        <EmptyState title="Map this schema's column types" testId="types-empty">
          <p>
            Poolscope reads the live schema, shows how SQLAlchemy 2.0 reflects every column, which generic type it becomes, the exact DDL on PostgreSQL, MySQL and SQLite, and
            whether the column survives there. Nothing is written to the database.
          </p>
          <p className="faint" style={{ marginTop: 8 }}>
            Press <strong>Map column types</strong> to start.
          </p>
        </EmptyState>
      ) : null}

      {report ? (
        <>
          <SummaryPanel report={report} />
          <Toolbar report={report} shown={rows.length} />
          {report.columns.length === 0 ? (
            <EmptyState title="No tables in this schema" testId="types-no-tables">
              <p>Pick another schema above, or create tables and map again.</p>
            </EmptyState>
          ) : (
            <div className="types-main">
              <TypesGrid columns={report.columns} rows={rows} selected={selected} onSelect={selectTypesRow} />
              {selected !== null && report.columns[selected] ? <ColumnDetail column={report.columns[selected]} /> : <p className="faint types-hint">Select a row (or use the arrow keys in the grid) to see its DDL, verdicts and fixes.</p>}
            </div>
          )}
        </>
      ) : null}
      {exporting && report ? <ModelExport report={report} connectionId={profile.id} onClose={() => setExporting(false)} /> : null}
    </div>
  );
}
