import { useState } from 'react';
import type { ModelVariant, TypesReport } from '@shared/typemap-model';
import { Dialog } from '../../components/Dialog';
import { CopyButton } from '../../components/CopyButton';
import { ErrorCallout, Spinner } from '../../components/Feedback';
import { toApiError, type ApiError } from '../../bridge';
import { useStore } from '../../store';
import { typesViewOf } from '../../store/types-slice';

/** SQLAlchemy 2.0 models for all tables or the one in the table filter, portable or dialect-faithful, to copy or to add to the config export. */
export function ModelExport({ report, connectionId, onClose }: { report: TypesReport; connectionId: string; onClose(): void }) {
  const exportModels = useStore((s) => s.exportModels);
  const tableFilter = useStore((s) => typesViewOf(s).filter.table);
  // The variant and scope last chosen for this connection (kept when the dialog or the section closes).
  const variant = useStore((s) => typesViewOf(s).modelVariant);
  const chosenScope = useStore((s) => typesViewOf(s).modelScope);
  const scope = tableFilter ? chosenScope : 'all';
  const setVariant = (modelVariant: ModelVariant) => useStore.getState().setTypesView({ modelVariant });
  const setScope = (modelScope: 'all' | 'table') => useStore.getState().setTypesView({ modelScope });
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const tables = scope === 'table' && tableFilter ? [tableFilter] : [];
  // The Export tab regenerates models.py from the same report, so the config bundle and this preview agree.
  const useInExport = () => {
    const { chooseExportModels, setSection, toast } = useStore.getState();
    chooseExportModels(connectionId, { reportId: report.id, tables, variant, label: tables.length ? tables.join(', ') : `all ${report.tables.length} tables` });
    toast('success', 'models.py is now part of the config export.');
    onClose();
    setSection('export');
  };

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode(await exportModels(report.id, tables, variant));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Export SQLAlchemy models"
      onClose={onClose}
      wide
      testId="models-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={useInExport} disabled={report.tables.length === 0} data-testid="models-use-in-export" title="Add models.py with these tables and this variant to the Export tab's bundle">
            Use in config export
          </button>
          {code ? <CopyButton text={code} label="Copy models.py" testId="copy-models" /> : null}
        </>
      }
    >
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
