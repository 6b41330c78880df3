import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorCallout } from '../../components/Feedback';
import { bridge, toApiError, type ApiError } from '../../bridge';
import { useStore } from '../../store';

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export every saved connection to a file, and restore from one. Passwords only under a passphrase. */
export function BackupDialog({ onClose }: { onClose(): void }) {
  const toast = useStore((s) => s.toast);
  const [withPasswords, setWithPasswords] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [importText, setImportText] = useState<string | null>(null);
  const [importName, setImportName] = useState('');
  const [importPassphrase, setImportPassphrase] = useState('');
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = withPasswords && confirm !== '' && confirm !== passphrase;
  const exportReady = !withPasswords || (passphrase.length >= 8 && passphrase === confirm);

  const onExport = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await bridge.call('connections.exportAll', withPasswords ? { passphrase } : {});
      download(r.fileName, r.text);
      toast('success', `Exported ${r.count} connection${r.count === 1 ? '' : 's'}${r.withPasswords ? ', saved passwords encrypted with your passphrase' : ', without passwords'}.`);
      setPassphrase('');
      setConfirm('');
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const onImport = async (withoutPasswords = false) => {
    if (importText === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await bridge.call('connections.importAll', { text: importText, ...(importPassphrase ? { passphrase: importPassphrase } : {}), withoutPasswords });
      const renamed = r.renamed.length ? ` (${r.renamed.map((x) => `${x.from} → ${x.to}`).join(', ')})` : '';
      toast('success', `Imported ${r.created.length} connection${r.created.length === 1 ? '' : 's'}${renamed}.`);
      onClose();
    } catch (err) {
      const e = toApiError(err);
      if (e.details?.needsPassphrase) setNeedsPassphrase(true);
      setError(e);
    } finally {
      setBusy(false);
      setImportPassphrase('');
    }
  };

  return (
    <Dialog title="Back up and restore connections" onClose={onClose} testId="backup-dialog">
      <div className="stack" style={{ gap: 18 }}>
        <section className="stack" aria-labelledby="backup-export-h">
          <h3 id="backup-export-h">Export all connections</h3>
          <p className="muted">A JSON file with every saved connection except the demo. Without a passphrase it holds no password.</p>
          <label className="checkbox">
            <input type="checkbox" checked={withPasswords} onChange={(e) => setWithPasswords(e.target.checked)} data-testid="backup-with-passwords" /> Include saved passwords, encrypted with a passphrase
          </label>
          {withPasswords ? (
            <div className="row-wrap">
              <div className="field">
                <label htmlFor="backup-pass">Passphrase (8+ characters)</label>
                <input id="backup-pass" className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="backup-pass2">Repeat it</label>
                <input id="backup-pass2" className="input" type="password" autoComplete="new-password" aria-invalid={mismatch ? 'true' : 'false'} value={confirm} onChange={(e) => setConfirm(e.target.value)} />
                {mismatch ? <span className="field-error">The two passphrases differ.</span> : null}
              </div>
            </div>
          ) : null}
          <div>
            <button type="button" className="btn primary" disabled={!exportReady || busy} onClick={() => void onExport()} data-testid="backup-export">
              Export to a file
            </button>
          </div>
        </section>
        <section className="stack" aria-labelledby="backup-import-h">
          <h3 id="backup-import-h">Restore from a file</h3>
          <p className="muted">Connections whose name is taken get a number added. All or nothing: a file that cannot be read changes nothing.</p>
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Back-up file to restore"
            data-testid="backup-file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setError(null);
              setNeedsPassphrase(false);
              if (!f) return setImportText(null);
              setImportName(f.name);
              setImportText(await f.text());
            }}
          />
          {needsPassphrase ? (
            <div className="field">
              <label htmlFor="backup-import-pass">Passphrase of {importName}</label>
              <input id="backup-import-pass" className="input" type="password" autoComplete="off" value={importPassphrase} onChange={(e) => setImportPassphrase(e.target.value)} />
            </div>
          ) : null}
          <div className="row">
            <button type="button" className="btn primary" disabled={importText === null || busy} onClick={() => void onImport()} data-testid="backup-import">
              Restore
            </button>
            {needsPassphrase ? (
              <button type="button" className="btn" disabled={busy} onClick={() => void onImport(true)}>
                Restore without passwords
              </button>
            ) : null}
          </div>
        </section>
        {error ? <ErrorCallout error={error} title="That did not work" testId="backup-error" /> : null}
      </div>
    </Dialog>
  );
}
