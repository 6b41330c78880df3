import { TLS_MODES } from '@shared/profile';
import { BACKEND_INFO } from '@shared/backends';
import { keyPassphraseParam, type FieldErrors, type FormState } from './form-model';
import { SelectField, TextField } from './fields';
import { KeyPassphraseField, SecretParamsField } from './SecretParamsField';

const TLS_LABELS: Record<(typeof TLS_MODES)[number], string> = {
  disable: 'disable: never use TLS',
  prefer: 'prefer: TLS when the server offers it',
  require: 'require: TLS; with a CA file, chain checked',
  'verify-ca': 'verify-ca: TLS, certificate chain checked',
  'verify-full': 'verify-full: TLS, chain and host name checked',
};

/** TLS and driver options (charset, application name, connect timeout), and saved secret parameters by name. */
export function SecuritySection({ form, errors, set, savedSecrets }: { form: FormState; errors: FieldErrors; set(patch: Partial<FormState>): void; savedSecrets: boolean }) {
  const mysql = BACKEND_INFO[form.backend].family === 'mysql';
  const verifying = form.tlsMode === 'verify-ca' || form.tlsMode === 'verify-full';
  const keyParam = keyPassphraseParam(form);
  return (
    <fieldset className="cx-section">
      <legend>TLS and options</legend>
      <div className="cx-grid">
        <SelectField label="TLS mode" value={form.tlsMode} options={TLS_MODES.map((m) => ({ value: m, label: TLS_LABELS[m] }))} onChange={(tlsMode) => set({ tlsMode })} testId="form-tls-mode" />
        <TextField label="Connect timeout (s)" inputMode="decimal" value={form.connectTimeoutSec} onChange={(connectTimeoutSec) => set({ connectTimeoutSec })} error={errors.connectTimeoutSec} testId="form-timeout" />
        {mysql ? <TextField label="Charset" value={form.charset} onChange={(charset) => set({ charset })} placeholder="utf8mb4" help="Set utf8mb4: utf8 means the deprecated 3-byte utf8mb3." /> : null}
        <TextField label={mysql ? 'Program name' : 'application_name'} value={form.applicationName} onChange={(applicationName) => set({ applicationName })} error={errors.applicationName} placeholder="poolscope" />
      </div>
      {form.tlsMode !== 'disable' ? (
        <div className="cx-grid">
          <TextField
            label={`CA certificate file${verifying ? '' : ' (optional)'}`}
            mono
            value={form.tlsCa}
            onChange={(tlsCa) => set({ tlsCa })}
            error={errors.tlsCa}
            placeholder="/path/ca.pem"
            help={form.tlsMode === 'require' ? 'With require, a CA file means the chain is checked (not the host name), as libpq does.' : undefined}
          />
          <TextField label="Client certificate file" mono value={form.tlsCert} onChange={(tlsCert) => set({ tlsCert })} error={errors.tlsCert} placeholder="(optional)" />
          <TextField label="Client key file" mono value={form.tlsKey} onChange={(tlsKey) => set({ tlsKey })} error={errors.tlsKey} placeholder="(optional)" />
          {keyParam ? <KeyPassphraseField form={form} set={set} param={keyParam} saved={savedSecrets && form.secretParams.includes(keyParam)} /> : null}
        </div>
      ) : null}
      {savedSecrets ? <SecretParamsField form={form} set={set} except={keyParam} /> : null}
      {Object.keys(form.params).length ? (
        <p className="cx-note">
          Kept URL parameters: <span className="mono">{Object.entries(form.params).map(([k, v]) => `${k}=${v}`).join('&')}</span>
        </p>
      ) : null}
    </fieldset>
  );
}
