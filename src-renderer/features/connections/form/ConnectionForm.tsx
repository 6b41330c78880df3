import { useMemo, useState } from 'react';
import type { ProfileInput } from '@shared/profile';
import { Dialog } from '../../../components/Dialog';
import { ErrorCallout } from '../../../components/Feedback';
import { ApiError, bridge, toApiError } from '../../../bridge';
import { useStore } from '../../../store';
import { DRAFT_TEST, type EditorTarget } from '../slice';
import { StageList, TestOutcome } from '../TestResult';
import { formFromProfile, profileFromForm, type FieldErrors, type FormState } from './form-model';
import { TargetSection } from './TargetSection';
import { SecuritySection } from './SecuritySection';
import { SshSection, type HopSecretEdits } from './SshSection';
import { PoolSection, ServiceSection } from './ServiceSection';

/** New or edited connection: per-backend fields, inline validation, a test before saving. */
export function ConnectionForm({ target }: { target: EditorTarget }) {
  const close = useStore((s) => s.openEditor);
  const runTest = useStore((s) => s.runTest);
  const cancelTest = useStore((s) => s.cancelTest);
  const draftRun = useStore((s) => s.testRuns[DRAFT_TEST]);
  const showConnection = useStore((s) => s.showConnection);
  const toast = useStore((s) => s.toast);
  const clearTest = useStore((s) => s.clearTest);
  // A new connection starts from what a fresh PostgreSQL install has; a saved or imported one from itself.
  const initial = useMemo(() => formFromProfile(target.initial ?? { backend: 'postgresql', user: 'postgres', database: 'postgres' }), [target]);
  const [form, setForm] = useState<FormState>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  // Typed SSH secrets stay in this component (never in the store or the profile) until handed over.
  const [hopSecrets, setHopSecrets] = useState<HopSecretEdits>({});
  const set = (patch: Partial<FormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    // Inline validation: a field's error goes away as soon as it is edited.
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as keyof FormState];
      return next;
    });
  };

  const checked = (): ReturnType<typeof profileFromForm> => {
    const out = profileFromForm(form);
    setErrors(out.errors);
    return out;
  };

  /**
   * Hands the typed SSH secrets to the main process: for Test, in memory for this session (the
   * test then uses them); for Save, encrypted. Forget happens on Save only. Returns an error to show.
   */
  const applyHopSecrets = async (profile: ProfileInput, remember: boolean): Promise<ApiError | null> => {
    const hops = profile.ssh?.hops ?? [];
    for (const [k, edit] of Object.entries(hopSecrets)) {
      const hop = hops[Number(k)];
      if (!hop || hop.auth === 'agent') continue;
      const secret = 'forget' in edit ? (remember ? null : undefined) : edit.value || undefined;
      if (secret === undefined) continue;
      try {
        await bridge.call('ssh.setSecret', { hop, useSshConfig: profile.ssh?.useSshConfig ?? true, secret, remember });
      } catch (err) {
        return toApiError(err);
      }
    }
    return null;
  };

  const test = async () => {
    const { profile } = checked();
    if (!profile) return;
    const failed = await applyHopSecrets(profile, false);
    if (failed) {
      setSaveError(failed);
      return;
    }
    const password = form.password !== '' ? form.password : undefined;
    void runTest(DRAFT_TEST, { ...(target.id && !form.forgetPassword ? { id: target.id } : {}), profile, ...(password !== undefined ? { password } : {}) });
  };

  const save = async () => {
    const { profile } = checked();
    if (!profile) return;
    setSaving(true);
    setSaveError(null);
    try {
      const storedPassword = form.passwordMode === 'saved' && form.password !== '' ? form.password : undefined;
      const saved =
        target.mode === 'edit' && target.id
          ? await bridge.call('connections.update', { id: target.id, profile, ...(form.forgetPassword ? { password: null } : storedPassword !== undefined ? { password: storedPassword } : {}) })
          : await bridge.call('connections.create', { profile, ...(storedPassword !== undefined ? { password: storedPassword } : {}) });
      const secretsFailed = await applyHopSecrets(profile, true);
      if (secretsFailed) {
        // The connection is saved; say which secret was not, and keep the dialog open to fix it.
        setSaveError(new ApiError({ code: secretsFailed.code, hint: secretsFailed.hint, message: `“${saved.name}” was saved, but an SSH secret was not: ${secretsFailed.message}` }));
        return;
      }
      setHopSecrets({});
      toast('success', `Saved “${saved.name}”.`);
      clearTest(saved.id);
      close(null);
      await showConnection(saved.id);
    } catch (err) {
      const e = toApiError(err);
      if (e.details?.field === 'name') setErrors((x) => ({ ...x, name: e.message }));
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const errorCount = Object.keys(errors).length;
  return (
    <Dialog
      wide
      title={target.mode === 'edit' ? `Edit “${initial.name}”` : 'New connection'}
      onClose={() => {
        void cancelTest(DRAFT_TEST);
        close(null);
      }}
      testId="connection-form"
      footer={
        <>
          {errorCount ? (
            <span className="field-error grow" role="alert">
              {errorCount === 1 ? 'One field needs attention.' : `${errorCount} fields need attention.`}
            </span>
          ) : (
            <span className="grow" />
          )}
          {draftRun?.running ? (
            <button type="button" className="btn" onClick={() => void cancelTest(DRAFT_TEST)}>
              Cancel test
            </button>
          ) : (
            <button type="button" className="btn" onClick={() => void test()} data-testid="form-test">
              Test
            </button>
          )}
          <button type="button" className="btn" onClick={() => close(null)}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => void save()} disabled={saving} data-testid="form-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form
        className="cx-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        aria-label="Connection settings"
      >
        <TargetSection form={form} errors={errors} set={set} replace={setForm} hasSavedPassword={Boolean(target.hasPassword)} />
        {form.backend !== 'sqlite' ? <SecuritySection form={form} errors={errors} set={set} savedSecrets={target.mode === 'edit' && !!target.id} /> : null}
        {form.backend !== 'sqlite' ? <SshSection form={form} errors={errors} set={set} secrets={hopSecrets} setSecrets={setHopSecrets} /> : null}
        <ServiceSection form={form} errors={errors} set={set} />
        <PoolSection form={form} errors={errors} set={set} />
        {saveError ? <ErrorCallout error={saveError} title="Not saved" testId="form-save-error" /> : null}
        {draftRun ? (
          <section className="stack" aria-label="Test result" data-testid="form-test-result">
            <StageList run={draftRun} backend={form.backend} />
            <TestOutcome run={draftRun} />
          </section>
        ) : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Dialog>
  );
}
