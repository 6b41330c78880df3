import type { FormState, SecretParamEdit } from './form-model';
import { TextField } from './fields';

/**
 * The secret URL parameters saved for a connection (sslpassword, oauth_client_secret …), by name.
 * Their values stay in the main process, encrypted: like the SSH passphrase field, each one shows
 * that it is saved and offers Replace and Forget, applied on Save.
 */
export function SecretParamsField({ form, set }: { form: FormState; set(patch: Partial<FormState>): void }) {
  if (form.secretParams.length === 0) return null;
  const edit = (name: string, e: SecretParamEdit | undefined) => {
    const next = { ...form.secretEdits };
    if (e) next[name] = e;
    else delete next[name];
    set({ secretEdits: next });
  };
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="form-secret-params">
      {form.secretParams.map((name) => {
        const e = form.secretEdits[name];
        if (e && 'value' in e) {
          return (
            <div key={name} className="cx-row" style={{ alignItems: 'flex-end' }} data-testid={`form-secret-param-${name}`} data-state="replace">
              <TextField type="password" autoComplete="new-password" mono label={name} value={e.value} onChange={(value) => edit(name, { value })} help="Replaces the saved value on Save; left empty, the saved one is kept." testId={`form-secret-param-input-${name}`} />
              <button type="button" className="btn" onClick={() => edit(name, undefined)} aria-label={`Keep the saved ${name}`}>
                Keep saved
              </button>
            </div>
          );
        }
        return (
          <div key={name} className="field cx-secret" data-testid={`form-secret-param-${name}`} data-state={e ? 'forget' : 'saved'}>
            <span className="field-label mono">{name}</span>
            <div className="cx-row">
              {e ? <span className="badge warn">Forgotten on Save</span> : <span className="badge ok">Saved, encrypted</span>}
              {e ? (
                <button type="button" className="btn" onClick={() => edit(name, undefined)} aria-label={`Undo: keep the saved ${name}`}>
                  Undo
                </button>
              ) : (
                <>
                  {name !== 'password' ? (
                    <button type="button" className="btn" onClick={() => edit(name, { value: '' })} data-testid={`form-secret-param-replace-${name}`} aria-label={`Replace the saved ${name}`}>
                      Replace
                    </button>
                  ) : null}
                  <button type="button" className="btn" onClick={() => edit(name, { forget: true })} data-testid={`form-secret-param-forget-${name}`} aria-label={`Forget the saved ${name}`}>
                    Forget
                  </button>
                </>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
