import { BACKENDS, BACKEND_INFO } from '@shared/backends';
import type { FieldErrors, FormState } from './form-model';
import { switchBackend } from './form-model';
import { SelectField, Segmented, TextField } from './fields';
import { SecretNote } from '../SecretNote';

interface Props {
  form: FormState;
  errors: FieldErrors;
  set(patch: Partial<FormState>): void;
  replace(next: FormState): void;
  hasSavedPassword: boolean;
}

const PASSWORD_MODES = [
  { value: 'saved', label: 'Save it encrypted' },
  { value: 'ask', label: 'Ask on connect' },
  { value: 'none', label: 'No password' },
] as const;

/** Where the server is and who logs in: the fields differ per backend. */
export function TargetSection({ form, errors, set, replace, hasSavedPassword }: Props) {
  const info = BACKEND_INFO[form.backend];
  const sqlite = form.backend === 'sqlite';
  return (
    <fieldset className="cx-section">
      <legend>Connection</legend>
      <div className="cx-grid">
        <TextField label="Name" value={form.name} onChange={(name) => set({ name })} error={errors.name} testId="form-name" placeholder="orders (staging)" />
        <SelectField label="Backend" value={form.backend} options={BACKENDS.map((b) => ({ value: b, label: BACKEND_INFO[b].label }))} onChange={(b) => replace(switchBackend(form, b))} testId="form-backend" />
      </div>
      {sqlite ? (
        <div className="cx-grid">
          <TextField
            wide
            mono
            label="Database file"
            value={form.database}
            onChange={(database) => set({ database })}
            error={errors.database}
            placeholder="/path/to/app.db or :memory:"
            help="An absolute path is safest: your service resolves a relative path against its own working directory."
            testId="form-database"
          />
        </div>
      ) : (
        <>
          <div className="cx-row">
            <Segmented label="Connect via" value={form.via} options={[{ value: 'host', label: 'Host and port' }, { value: 'socket', label: 'Unix socket' }]} onChange={(via) => set({ via })} />
          </div>
          <div className="cx-grid">
            {form.via === 'host' ? (
              <TextField label="Host" mono value={form.host} onChange={(host) => set({ host })} error={errors.host} placeholder="127.0.0.1" testId="form-host" />
            ) : (
              <TextField
                label="Socket"
                mono
                value={form.socket}
                onChange={(socket) => set({ socket })}
                error={errors.socket}
                placeholder={info.family === 'postgresql' ? '/var/run/postgresql' : '/run/mysqld/mysqld.sock'}
                testId="form-socket"
              />
            )}
            <TextField label="Port" inputMode="numeric" value={form.port} onChange={(port) => set({ port })} error={errors.port} placeholder={String(info.defaultPort)} testId="form-port" />
            <TextField label="Database" mono value={form.database} onChange={(database) => set({ database })} error={errors.database} placeholder={info.defaultDatabase || '(none)'} testId="form-database" />
            <TextField label="User" value={form.user} onChange={(user) => set({ user })} error={errors.user} placeholder={info.defaultUser} testId="form-user" />
          </div>
          <div className="cx-grid">
            <SelectField label="Password" value={form.passwordMode} options={PASSWORD_MODES} onChange={(passwordMode) => set({ passwordMode })} testId="form-password-mode" />
            {form.passwordMode !== 'none' ? (
              <TextField
                type="password"
                autoComplete="new-password"
                label={form.passwordMode === 'ask' ? 'Password for Test (not stored)' : hasSavedPassword ? 'New password' : 'Password'}
                value={form.password}
                onChange={(password) => set({ password })}
                placeholder={form.passwordMode === 'saved' && hasSavedPassword && !form.forgetPassword ? 'saved – leave empty to keep' : ''}
                testId="form-password"
              />
            ) : null}
          </div>
          {form.passwordMode === 'saved' && hasSavedPassword ? (
            <label className="checkbox">
              <input type="checkbox" checked={form.forgetPassword} onChange={(e) => set({ forgetPassword: e.target.checked, password: '' })} />
              <span>Forget the saved password</span>
            </label>
          ) : null}
          {form.passwordMode === 'saved' ? <SecretNote /> : null}
          {form.passwordMode === 'ask' ? <p className="cx-note">Poolscope asks for the password each time it connects; it is used for that one request and never stored.</p> : null}
        </>
      )}
    </fieldset>
  );
}
