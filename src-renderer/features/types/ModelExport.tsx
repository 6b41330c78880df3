import { useState } from 'react';
import type { ModelVariant, TypesReport } from '@shared/typemap-model';
import { Dialog } from '../../components/Dialog';
import { CopyButton } from '../../components/CopyButton';
import { ErrorCallout, Spinner } from '../../components/Feedback';
import { toApiError, type ApiError } from '../../bridge';
import { useStore } from '../../store';

/** SQLAlchemy 2.0 models for all tables or the one in the table filter, portable or dialect-faithful, to copy. */
export function ModelExport({ report, onClose }: { report: TypesReport; onClose(): void }) {
  const exportModels = useStore((s) => s.exportModels);
  const tableFilter = useStore((s) => s.typesFilter.table);
  const [variant, setVariant] = useState<ModelVariant>('portable');
  const [scope, setScope] = useState<'all' | 'table'>(tableFilter ? 'table' : 'all');
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode(await exportModels(report.id, scope === 'table' && tableFilter ? [tableFilter] : [], variant));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Export SQLAlchemy models" onClose={onClose} wide testId="models-dialog" footer={code ? <CopyButton text={code} label="Copy models.py" testId="copy-models" /> : null}>
      <div className="stack">
        <div className="row-wrap">
          <div className="field">
            <label htmlFor="models-variant">Variant</label>
            <select id="models-variant" className="select" value={variant} onChange={(e) => (setVariant(e.target.value as ModelVariant), setCode(null))} data-testid="models-variant">
              <option value="portable">Portable: generic types, fixes applied</option>
              <option value="faithful">Dialect-faithful: types as reflected</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="models-scope">Tables</label>
            <select id="models-scope" className="select" value={scope} onChange={(e) => (setScope(e.target.value as 'all' | 'table'), setCode(null))}>
              <option value="all">All {report.tables.length} tables</option>
              {tableFilter ? <option value="table">Only {tableFilter}</option> : null}
            </select>
          </div>
          <button type="button" className="btn primary" onClick={() => void generate()} disabled={busy} data-testid="models-generate">
            Generate models.py
          </button>
        </div>
        {busy ? <Spinner label="Generating…" /> : null}
        {error ? <ErrorCallout error={error} title="The models could not be generated" /> : null}
        {code ? (
          <pre className="types-code" tabIndex={0} aria-label="Generated models.py" data-testid="models-code">
            {code}
          </pre>
        ) : null}
      </div>
    </Dialog>
  );
}
