import { BACKEND_INFO } from '@shared/backends';
import type { ImportCandidateView, ImportPreview } from '@shared/import-types';

/**
 * The rows of an import preview, each with its checkbox: what would be saved, whether a password is
 * available (never the password), the names of secret parameters found (sslpassword …, never values), duplicates, SSH tunnels and anything else worth knowing.
 */
export function ImportPreviewList({ preview, picked, onToggle }: { preview: ImportPreview; picked: ReadonlySet<string>; onToggle(key: string): void }) {
  if (preview.candidates.length === 0) {
    return (
      <p className="field-help" data-testid="import-preview-empty">
        {preview.files.join(', ')} holds no connections Poolscope can import.
      </p>
    );
  }
  return (
    <ul className="cx-candidates" aria-label="Connections found" data-testid="import-preview-rows">
      {preview.candidates.map((c) => (
        <Row key={c.key} c={c} checked={picked.has(c.key)} onToggle={() => onToggle(c.key)} />
      ))}
    </ul>
  );
}

function Row({ c, checked, onToggle }: { c: ImportCandidateView; checked: boolean; onToggle(): void }) {
  const id = `import-row-${c.key}`;
  return (
    <li className={`cx-candidate${c.error ? ' error' : ''}${c.duplicateOf ? ' duplicate' : ''}`} data-testid="import-row" data-name={c.name}>
      <input id={id} type="checkbox" checked={checked} disabled={!!c.error} onChange={onToggle} aria-describedby={`${id}-what`} data-testid="import-row-check" />
      <div className="grow stack" style={{ gap: 2 }}>
        <label htmlFor={id}>
          <strong>{c.name}</strong>
          {c.action === 'setPassword' ? <span className="badge" style={{ marginLeft: 6 }}>saved connection</span> : null}
          {c.group ? <span className="faint"> · in {c.group}</span> : null}
        </label>
        <div className="muted mono" id={`${id}-what`}>
          {c.backend ? `${BACKEND_INFO[c.backend].label} · ${c.target}` : c.origin}
          {c.user ? ` · user ${c.user}` : ''}
        </div>
        {c.error ? (
          <div className="field-error" data-testid="import-row-error">
            {c.error.message} {c.error.hint}
          </div>
        ) : (
          <div className="row-wrap" style={{ gap: 6 }}>
            {c.password.available ? (
              <span className="badge ok" data-testid="import-row-password" title={c.password.source ? `From ${c.password.source}` : undefined}>
                password available{c.password.source ? ` (${c.password.source})` : ''}
              </span>
            ) : c.action === 'create' ? (
              <span className="faint">no password in the source</span>
            ) : null}
            {c.secretParams?.length ? (
              <span className="badge ok" data-testid="import-row-secret-params" title="The values stay in Poolscope's main process and are never shown.">
                {c.secretParams.join(', ')} found: stored encrypted with the passwords
              </span>
            ) : null}
            {c.duplicateOf ? (
              <span className="badge warn" data-testid="import-row-duplicate">
                {c.duplicateOf.id ? `already saved as “${c.duplicateOf.name}”` : `same server as “${c.duplicateOf.name}” above`}
              </span>
            ) : null}
            <span className="faint">{c.origin}</span>
          </div>
        )}
        {[...(c.profile?.notes ? c.profile.notes.split('\n') : []), ...c.warnings].map((n) => (
          <p key={n} className={`cx-note${/SSH tunnel/.test(n) ? ' warn' : ''}`} data-testid={/SSH tunnel/.test(n) ? 'import-row-ssh' : 'import-row-note'}>
            {n}
          </p>
        ))}
      </div>
    </li>
  );
}
