import { useEffect, useRef } from 'react';
import type { ExportFile, LastExport } from '@shared/export/bundle';
import { CodeView } from '../../components/code/CodeView';
import { CopyButton } from '../../components/CopyButton';
import { DiffView, ChangeBadge } from './DiffView';
import { formatDateTime } from '../../format';

interface Props {
  files: ExportFile[];
  last: LastExport | null;
  active: string;
  view: 'code' | 'diff';
  onSelect(path: string): void;
  onView(view: 'code' | 'diff'): void;
}

/** The bundle's files as tabs (arrow keys move between them), each with its preview, its diff and a copy button. */
export function FilePanel({ files, last, active, view, onSelect, onView }: Props) {
  const tabs = useRef<HTMLDivElement>(null);
  const file = files.find((f) => f.path === active) ?? files[0];
  const before = (path: string) => (last ? (last.files.find((f) => f.path === path)?.content ?? null) : undefined);
  const focusTab = useRef(false);

  useEffect(() => {
    if (!focusTab.current) return;
    focusTab.current = false;
    tabs.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, [active]);

  if (!file) return null;
  const onKey = (e: React.KeyboardEvent) => {
    const i = files.findIndex((f) => f.path === file.path);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? files.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    focusTab.current = true;
    onSelect(files[(next + files.length) % files.length]!.path);
  };
  const prior = before(file.path);

  return (
    <section className="card export-files" aria-label="Generated files">
      <div className="export-tabs" role="tablist" aria-label="Files" ref={tabs} onKeyDown={onKey}>
        {files.map((f) => {
          return (
            <button
              key={f.path}
              type="button"
              role="tab"
              id={`export-tab-${f.path}`}
              aria-selected={f.path === file.path}
              aria-controls="export-file-panel"
              tabIndex={f.path === file.path ? 0 : -1}
              className="export-tab mono"
              data-testid="export-file-tab"
              onClick={() => onSelect(f.path)}
            >
              {f.path}
              <ChangeBadge before={before(f.path)} after={f.content} />
            </button>
          );
        })}
      </div>
      <div id="export-file-panel" role="tabpanel" aria-labelledby={`export-tab-${file.path}`} className="stack export-panel">
        <div className="row-wrap">
          <span className="grow muted" data-testid="export-file-summary">
            {file.summary}
          </span>
          <div className="segmented" role="radiogroup" aria-label="Show">
            <button type="button" role="radio" aria-checked={view === 'code'} className="btn small" onClick={() => onView('code')} data-testid="export-show-code">
              File
            </button>
            <button
              type="button"
              role="radio"
              aria-checked={view === 'diff'}
              className="btn small"
              onClick={() => onView('diff')}
              disabled={!last}
              title={last ? `Changes since the export of ${formatDateTime(last.exportedAt)}` : 'Save or download once; later previews show what changed since'}
              data-testid="export-show-diff"
            >
              Changes since last export
            </button>
          </div>
          <CopyButton text={file.content} label={`Copy ${file.path}`} testId="export-copy" />
        </div>
        {view === 'diff' && last ? <DiffView before={prior ?? null} after={file.content} fileName={file.path} /> : <CodeView fileName={file.path} text={file.content} testId="export-code" />}
      </div>
    </section>
  );
}
