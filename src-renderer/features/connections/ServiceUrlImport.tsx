import { useEffect, useState } from 'react';
import type { ImportPreview } from '@shared/import-types';
import { bridge, toApiError, type ApiError } from '../../bridge';
import { useStore } from '../../store';
import { ErrorCallout } from '../../components/Feedback';
import { ImportPreviewList } from './ImportPreviewList';
import { SecretNote } from './SecretNote';

/**
 * A pasted string with service=NAME: the main process resolves it the way libpq would (the service
 * files, then the password file) and shows what would be saved; the password stays there.
 */
export function ServiceUrlImport({ text, onDone }: { text: string; onDone(): void }) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [withPassword, setWithPassword] = useState(false);
  const [saving, setSaving] = useState(false);
  const showConnection = useStore((s) => s.showConnection);
  const toast = useStore((s) => s.toast);

  useEffect(() => {
    let live = true;
    // Wait for typing to pause: each preview reads the service and password files.
    const t = setTimeout(() => {
      bridge
        .call('imports.preview', { kind: 'service-url', text })
        .then((p) => {
          if (!live) return;
          setPreview(p);
          setError(null);
        })
        .catch((err) => {
          if (!live) return;
          setPreview(null);
          setError(toApiError(err));
        });
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [text]);

  const row = preview?.candidates[0];
  const save = async () => {
    if (!preview || !row) return;
    setSaving(true);
    try {
      const r = await bridge.call('imports.commit', { previewId: preview.previewId, items: [{ key: row.key }], withPasswords: withPassword });
      toast('success', `Imported “${r.created[0]?.name}” from the service definition.`);
      onDone();
      if (r.created[0]) await showConnection(r.created[0].id);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="stack" data-testid="import-service">
      {error ? <ErrorCallout error={error} title="This service cannot be resolved" /> : null}
      {preview && row ? (
        <>
          <p className="field-help">Resolved the way libpq (psql, psycopg) does, from {preview.files.join(', ')}.</p>
          <ImportPreviewList preview={preview} picked={new Set(row.error ? [] : [row.key])} onToggle={() => undefined} />
          {row.password.available || row.secretParams?.length ? (
            <label className="cx-row">
              <input type="checkbox" checked={withPassword} onChange={(e) => setWithPassword(e.target.checked)} data-testid="import-service-password" />
              <span>Import {[row.password.available ? 'the password' : '', row.secretParams?.length ? row.secretParams.join(', ') : ''].filter(Boolean).join(' and ')} too, encrypted</span>
            </label>
          ) : null}
          {withPassword ? <SecretNote /> : null}
          <div className="cx-row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" className="btn primary" disabled={!!row.error || saving} onClick={() => void save()} data-testid="import-service-save">
              {saving ? 'Saving…' : 'Save connection'}
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
