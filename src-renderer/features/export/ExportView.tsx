import { useEffect } from 'react';
import type { SectionProps } from '../registry';
import { useStore } from '../../store';
import { bridge } from '../../bridge';
import { Callout, EmptyState, ErrorCallout, Spinner } from '../../components/Feedback';
import type { ExportEntry } from './slice';
import { BasisCard } from './BasisCard';
import { FilePanel } from './FilePanel';
import { typingInField } from '../../components/typing';
import './export.css';
import { VerifyPanel } from '../verify/VerifyPanel';

const EMPTY: ExportEntry = { status: 'idle', preview: null, error: null, target: 'python', file: 'db.py', view: 'code', saving: false, conflict: null };

/** The Export section: the recommended config files for this connection, previewed, diffed, copied and saved. */
export function ExportView({ profile }: SectionProps) {
  const id = profile.id;
  const entry = useStore((s) => s.exports[id]) ?? EMPTY;
  const models = useStore((s) => s.exportModelChoice[id]);
  const desktop = useStore((s) => s.info?.mode === 'electron');
  const checkedAt = useStore((s) => s.checks[id]?.run?.facts.measuredAt);
  const { loadExport, setExportView, chooseExportModels, saveExportToFolder, downloadExportZip, setSection, loadLastRun } = useStore.getState();
  const preview = entry.preview;
  const save = () => void (desktop ? saveExportToFolder(id) : downloadExportZip(id));

  useEffect(() => void loadLastRun(id), [id, loadLastRun]);
  // A new check run or a saved settings change makes other files: generate them again.
  useEffect(() => void loadExport(id), [id, profile.updatedAt, checkedAt, loadExport]);
  // Saved from another window: the diff's baseline moved.
  useEffect(() => bridge.on('export.saved', (e) => void (e.id === id && useStore.getState().exports[id]?.saving === false && loadExport(id))), [id, loadExport]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingInField(e) || document.querySelector('[role="dialog"]')) return;
      const s = useStore.getState();
      const current = s.exports[id];
      if (e.key === 's' && current?.preview) {
        e.preventDefault();
        void (s.info?.mode === 'electron' ? s.saveExportToFolder(id) : s.downloadExportZip(id));
      } else if ((e.key === '[' || e.key === ']') && current?.preview) {
        const paths = current.preview.bundle.files.map((f) => f.path);
        const i = paths.indexOf(current.file);
        e.preventDefault();
        s.setExportView(id, { file: paths[(i + (e.key === ']' ? 1 : paths.length - 1)) % paths.length]! });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id]);

  const targets = preview?.targets ?? ['python'];
  return (
    <div className="stack export-view" data-testid="export-view">
      <section className="card export-toolbar" aria-label="Export settings">
        <div className="row-wrap">
          <h2 className="grow">Config export</h2>
          <div className="segmented" role="radiogroup" aria-label="Service language">
            {(['python', 'node'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="radio"
                aria-checked={entry.target === t}
                className="btn"
                disabled={!targets.includes(t) || entry.status === 'loading'}
                title={targets.includes(t) ? undefined : 'SQLite has no Node pool: better-sqlite3 opens one handle per process'}
                onClick={() => void loadExport(id, { target: t })}
                data-testid={`export-target-${t}`}
              >
                {t === 'python' ? 'Python (SQLAlchemy)' : 'Node (pg / mysql2)'}
              </button>
            ))}
          </div>
          <button type="button" className="btn" onClick={() => void loadExport(id)} disabled={entry.status === 'loading'} data-testid="export-refresh">
            Regenerate
          </button>
          <button type="button" className="btn primary" onClick={save} disabled={!preview || entry.saving || entry.status === 'loading'} title={`${desktop ? 'Save to a folder' : 'Download a zip'} (S)`} aria-keyshortcuts="S" data-testid="export-save">
            {entry.saving ? 'Saving…' : desktop ? 'Save to folder…' : 'Download .zip'}
          </button>
        </div>
        <div className="row-wrap muted export-models" data-testid="export-models">
          {entry.target !== 'python' ? (
            <span>The Node files mirror db.py&apos;s limits with the options pg and mysql2 really have.</span>
          ) : models ? (
            <>
              <span>
                models.py: {models.label} ({models.variant}), chosen in the Types tab.
              </span>
              <button type="button" className="btn small ghost" onClick={() => chooseExportModels(id, null)} data-testid="export-models-remove">
                Leave models.py out
              </button>
            </>
          ) : (
            <span>
              To add models.py, map the column types in the{' '}
              <button type="button" className="link" onClick={() => setSection('types')}>
                Types tab
              </button>{' '}
              and choose <strong>Export models… → Use in config export</strong>.
            </span>
          )}
        </div>
      </section>

      {entry.error ? <ErrorCallout error={entry.error} title={preview ? 'The files could not be saved' : 'The files could not be generated'} testId="export-error" /> : null}
      {entry.conflict ? (
        <Callout tone="warn" title="That folder already has other versions of these files" testId="export-conflict">
          <p>
            <span className="mono">{entry.conflict.dir}</span> has {entry.conflict.files.map((f) => f).join(', ')} with other content. Nothing was written.
          </p>
          <div className="row-wrap" style={{ marginTop: 8 }}>
            <button type="button" className="btn danger" onClick={() => void saveExportToFolder(id, true)} data-testid="export-overwrite">
              Replace {entry.conflict.files.length} file{entry.conflict.files.length === 1 ? '' : 's'}
            </button>
            <button type="button" className="btn" onClick={() => void saveExportToFolder(id)}>
              Choose another folder…
            </button>
          </div>
        </Callout>
      ) : null}

      {entry.status === 'loading' && !preview ? <Spinner label="Generating the files from the recommendation…" /> : null}
      {entry.status === 'error' && !preview ? (
        <EmptyState title="Nothing to preview yet" testId="export-empty" action={<button type="button" className="btn" onClick={() => void loadExport(id)}>Try again</button>}>
          <p>Fix what the message above says, then try again.</p>
        </EmptyState>
      ) : null}

      {preview ? (
        <>
          <BasisCard preview={preview} onRunChecks={() => setSection('checks')} />
          <FilePanel
            files={preview.bundle.files}
            last={preview.last && preview.last.target === preview.bundle.target ? preview.last : null}
            active={entry.file}
            view={entry.view}
            onSelect={(file) => setExportView(id, { file })}
            onView={(view) => setExportView(id, { view })}
          />
          {preview.bundle.target === 'python' ? <VerifyPanel profile={profile} source="export" /> : null}
        </>
      ) : null}
    </div>
  );
}
