import type { FormState, SecretParamEdit } from './form-model';
import { TextField } from './fields';

type Props = { form: FormState; set(patch: Partial<FormState>): void };

function editor({ form, set }: Props) {
  return (name: string, e: SecretParamEdit | undefined) => {
    const next = { ...form.secretEdits };
    if (e) next[name] = e;
    else delete next[name];
    set({ secretEdits: next });
  };
}

/**
 * One saved secret parameter: *Saved, encrypted* with Replace and Forget (like the SSH passphrase
 * field), applied on Save. `label` is what a person reads; the parameter's own name is kept in the
 * buttons' names and test ids.
 */
function SavedSecretRow({ form, set, name, label }: Props & { name: string; label: string }) {
  const edit = editor({ form, set });
  const e = form.secretEdits[name];
  const labelled = label === name ? <span className="field-label mono">{name}</span> : <span className="field-label">{label} <span className="mono">({name})</span></span>;
  if (e && 'value' in e) {
    return (
      <div className="cx-row" style={{ alignItems: 'flex-end' }} data-testid={`form-secret-param-${name}`} data-state="replace">
        <TextField type="password" autoComplete="new-password" mono label={label === name ? name : `${label} (${name})`} value={e.value} onChange={(value) => edit(name, { value })} help="Replaces the saved value on Save; left empty, the saved one is kept." testId={`form-secret-param-input-${name}`} />
        <button type="button" className="btn" onClick={() => edit(name, undefined)} aria-label={`Keep the saved ${name}`}>
          Keep saved
        </button>
      </div>
    );
  }
  return (
    <div className="field cx-secret" data-testid={`form-secret-param-${name}`} data-state={e ? 'forget' : 'saved'}>
      {labelled}
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
}

/**
 * The secret URL parameters saved for a connection (sslpassword, oauth_client_secret …), by name.
 * Their values stay in the main process, encrypted. `except`: one shown elsewhere (the key passphrase).
 */
export function SecretParamsField({ form, set, except }: Props & { except?: string | null }) {
  const names = form.secretParams.filter((n) => n !== except);
  if (names.length === 0) return null;
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="form-secret-params">
      {names.map((name) => (
        <SavedSecretRow key={name} form={form} set={set} name={name} label={name} />
      ))}
    </div>
  );
}

/**
 * The client key's passphrase, under the secret parameter name the backend's drivers read
 * (`param`). Saved: the same Replace and Forget as any saved secret. Not saved: a password input
 * whose value goes to the main process only on Save (among the parameters, as a replaced secret
 * does), to be stored encrypted; the page never gets it back.
 */
export function KeyPassphraseField({ form, set, param, saved }: Props & { param: string; saved: boolean }) {
  if (saved) return <SavedSecretRow form={form} set={set} name={param} label="Key passphrase" />;
  const e = form.secretEdits[param];
  const edit = editor({ form, set });
  return (
    <TextField
      type="password"
      autoComplete="new-password"
      label="Key passphrase (optional)"
      value={e && 'value' in e ? e.value : ''}
      onChange={(value) => edit(param, value ? { value } : undefined)}
      help={`Only for an encrypted key: saved encrypted as ${param} on Save, never shown again.`}
      testId="form-key-passphrase"
    />
  );
}
