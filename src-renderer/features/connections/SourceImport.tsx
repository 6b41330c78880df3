import { useEffect, useId, useState } from 'react';
import type { ImportKind, ImportPreview, ImportSourceInfo } from '@shared/import-types';
import { ApiError, bridge, toApiError } from '../../bridge';
import { useStore } from '../../store';
import { ErrorCallout } from '../../components/Feedback';
import { ImportPreviewList } from './ImportPreviewList';
import { SecretNote } from './SecretNote';

const MAX_UPLOAD = 11 * 1024 * 1024;

/** Bytes as base64, in chunks (a large app.db would overflow a single String.fromCharCode call). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * One tab of the import dialog for files other tools keep: pick the tool, then one of the places
 * Poolscope found on this machine, a typed path or a file from the picker; the preview lists every
 * connection with a checkbox; nothing is saved until "Import". Passwords come along only when the
 * box says so.
 */
export function SourceImport({ kinds, onDone }: { kinds: ImportKind[]; onDone(): void }) {
  const [sources, setSources] = useState<ImportSourceInfo[] | null>(null);
  const [kind, setKind] = useState<ImportKind>(kinds[0]!);
  const [path, setPath] = useState('');
  const [reading, setReading] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [withPasswords, setWithPasswords] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const toast = useStore((s) => s.toast);
  const showConnection = useStore((s) => s.showConnection);
  const loadConnections = useStore((s) => s.loadConnections);
  const fileId = useId();

  useEffect(() => {
    let live = true;
    bridge
      .call('imports.sources', {})
      .then((s) => live && setSources(s))
      .catch((err) => live && setError(toApiError(err)));
    return () => {
      live = false;
    };
  }, []);

  const info = sources?.find((s) => s.kind === kind);
  const found = info?.locations.filter((l) => l.exists) ?? [];

  const read = async (input: { path: string } | { files: Array<{ name: string; data: string }> }) => {
    setReading(true);
    setError(null);
    setPreview(null);
    try {
      const p = await bridge.call('imports.preview', { kind, ...input });
      setPreview(p);
      setPicked(new Set(p.candidates.filter((c) => c.checked).map((c) => c.key)));
      setWithPasswords(false);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setReading(false);
    }
  };

  const readFiles = async (list: FileList | null) => {
    if (!list?.length) return;
    // A message on the serve-mode socket is at most 16 MB (base64 adds a third): larger files are read by path instead.
    const total = Array.from(list).reduce((n, f) => n + f.size, 0);
    if (total > MAX_UPLOAD) {
      setPreview(null);
      setError(new ApiError({ code: 'BAD_INPUT', message: `The chosen file${list.length > 1 ? 's are' : ' is'} ${(total / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_UPLOAD / 1024 / 1024} MB the file picker can send.`, hint: 'Type the file\'s path instead (or use a detected location): Poolscope then reads it directly. Nothing was imported.' }));
      return;
    }
    const files = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, data: await base64Of(f) })));
    await read({ files });
  };

  const toggle = (key: string) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const save = async () => {
    if (!preview) return;
    setSaving(true);
    setError(null);
    try {
      const r = await bridge.call('imports.commit', { previewId: preview.previewId, items: [...picked].map((key) => ({ key })), withPasswords });
      const parts = [r.created.length ? `Imported ${r.created.length} connection${r.created.length === 1 ? '' : 's'}` : '', r.updated.length ? `stored ${r.updated.length} password${r.updated.length === 1 ? '' : 's'} on saved connections` : '', r.secretParamsStored ? `${r.secretParamsStored} secret parameter${r.secretParamsStored === 1 ? '' : 's'} stored encrypted` : ''].filter(Boolean);
      toast('success', `${parts.join(', ') || 'Nothing to change'}${r.renamed.length ? ` (${r.renamed.length} renamed: the name was taken)` : ''}.`);
      onDone();
      if (r.created[0]) await showConnection(r.created[0].id);
      else await loadConnections();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };

  const chosen = preview?.candidates.filter((c) => picked.has(c.key)) ?? [];
  const passwordsInChoice = chosen.filter((c) => c.password.available || c.secretParams?.length).length;
  const anySecretParams = preview?.candidates.some((c) => c.secretParams?.length) ?? false;
  const onlyPasswords = chosen.length > 0 && chosen.every((c) => c.action === 'setPassword');

  return (
    <div className="stack">
      {kinds.length > 1 ? (
        <div className="cx-row" role="radiogroup" aria-label="Import from" data-testid="import-source-kinds">
          {kinds.map((k) => (
            <label key={k} className={`cx-choice${k === kind ? ' chosen' : ''}`}>
              <input
                type="radio"
                name="import-kind"
                checked={k === kind}
                onChange={() => {
                  setKind(k);
                  setPreview(null);
                  setError(null);
                }}
                data-testid={`import-kind-${k}`}
              />
              {sources?.find((s) => s.kind === k)?.label ?? k}
            </label>
          ))}
        </div>
      ) : null}
      {info ? <p className="field-help">Choose {info.fileHint}</p> : <p className="muted">Looking for files on this machine…</p>}
      {info ? (
        <div className="stack" style={{ gap: 6 }} data-testid="import-locations">
          {found.length ? (
            found.map((l) => (
              <div key={l.path} className="cx-row">
                <span className="mono grow" style={{ overflowWrap: 'anywhere' }}>
                  {l.path}
                  {l.note ? <span className="faint"> ({l.note})</span> : null}
                </span>
                <button type="button" className="btn small" disabled={reading} onClick={() => void read({ path: l.path })} data-testid="import-read-found">
                  Read
                </button>
              </div>
            ))
          ) : (
            <p className="faint" data-testid="import-none-found">
              {info.locations.length ? 'Nothing found in the usual places on this machine: choose the file or type its path.' : 'This file has no usual place: choose it or type its path.'}
            </p>
          )}
          {info.locations.length ? (
            <details className="faint">
              <summary>Places looked at</summary>
              <ul className="mono" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {info.locations.map((l) => (
                  <li key={l.path} style={{ overflowWrap: 'anywhere' }}>
                    {l.path} {l.note ? `(${l.note})` : ''} {l.exists ? '✓' : '— not there'}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
      <div className="cx-row">
        <label className="btn" htmlFor={fileId}>
          Choose file{info?.multiFile ? 's' : ''}…
        </label>
        <input id={fileId} type="file" className="sr-only" multiple={info?.multiFile} onChange={(e) => void readFiles(e.target.files)} data-testid="import-source-file" />
        <form
          className="cx-row grow"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void read({ path: path.trim() });
          }}
        >
          <input className="input grow mono" aria-label="Path to the file" placeholder={`or type a path${info?.locations[0] ? `: ${info.locations[0].path}` : ''}`} value={path} onChange={(e) => setPath(e.target.value)} data-testid="import-source-path" />
          <button type="submit" className="btn" disabled={!path.trim() || reading} data-testid="import-source-read">
            Read
          </button>
        </form>
      </div>
      <div aria-live="polite">{reading ? <p className="muted">Reading…</p> : null}</div>
      {error ? <ErrorCallout error={error} title="Nothing was imported" /> : null}
      {preview ? (
        <div className="stack" data-testid="import-preview">
          <p className="field-help">
            Read {preview.files.join(', ')}: {preview.candidates.length} connection{preview.candidates.length === 1 ? '' : 's'}, {picked.size} selected. Nothing is saved until you import.
          </p>
          {preview.warnings.map((w) => (
            <p key={w} className="cx-note warn" data-testid="import-warning">
              {w}
            </p>
          ))}
          <ImportPreviewList preview={preview} picked={picked} onToggle={toggle} />
          {preview.passwordsAvailable > 0 ? (
            <label className="cx-row">
              <input type="checkbox" checked={withPasswords} onChange={(e) => setWithPasswords(e.target.checked)} data-testid="import-with-passwords" />
              <span>
                Import passwords{anySecretParams ? ' and secret parameters' : ''} ({passwordsInChoice} of the selected have {anySecretParams ? 'some' : 'one'}){onlyPasswords ? ': needed for the rows that only store a password' : ''}
              </span>
            </label>
          ) : null}
          {withPasswords ? <SecretNote /> : null}
          <div className="cx-row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" className="btn primary" disabled={picked.size === 0 || saving || (onlyPasswords && !withPasswords)} onClick={() => void save()} data-testid="import-source-save">
              {saving ? 'Importing…' : `Import ${picked.size} selected`}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
