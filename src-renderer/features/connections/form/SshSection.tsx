import { SSH_AUTH_LABELS, SSH_AUTH_METHODS, type SshAuthMethod, type SshHopInput } from '@shared/ssh';
import type { FieldErrors, FormState } from './form-model';
import { CheckField, SelectField, TextField } from './fields';
import { HopSecretField, type HopSecretEdit } from './HopSecretField';

/** Secrets typed in the dialog, by hop index; applied by the dialog on Test (this session) and Save (encrypted). */
export type HopSecretEdits = Record<number, HopSecretEdit>;

const EMPTY_HOP: SshHopInput = { host: '', auth: 'agent' };

/**
 * The SSH tunnel: hosts in order (bastion first), each with its login. Secrets (a key's passphrase,
 * a password) are not part of the profile; they are saved in the main process, encrypted.
 */
export function SshSection({
  form,
  errors,
  set,
  secrets,
  setSecrets,
}: {
  form: FormState;
  errors: FieldErrors;
  set(patch: Partial<FormState>): void;
  secrets: HopSecretEdits;
  setSecrets(next: HopSecretEdits): void;
}) {
  const hops = form.ssh?.hops ?? [];
  const useSshConfig = form.ssh?.useSshConfig ?? true;
  const setSecret = (i: number, edit: HopSecretEdit | undefined) => {
    const next = { ...secrets };
    if (edit) next[i] = edit;
    else delete next[i];
    setSecrets(next);
  };
  // A removed hop takes its typed secret with it; the ones after it move up.
  const removeHop = (i: number) => {
    const next: HopSecretEdits = {};
    for (const [k, v] of Object.entries(secrets)) {
      const n = Number(k);
      if (n < i) next[n] = v;
      else if (n > i) next[n - 1] = v;
    }
    setSecrets(next);
    setHops(hops.filter((_, j) => j !== i));
  };
  const setHops = (next: SshHopInput[]) => set({ ssh: next.length ? { ...(form.ssh ?? {}), hops: next } : undefined });
  const patchHop = (i: number, patch: Partial<SshHopInput>) => setHops(hops.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <fieldset className="cx-section" data-testid="form-ssh">
      <legend>SSH tunnel</legend>
      <CheckField
        label="Connect through SSH (bastion, jump hosts)"
        checked={hops.length > 0}
        onChange={(on) => {
          if (!on) setSecrets({});
          setHops(on ? [{ ...EMPTY_HOP }] : []);
        }}
        help="The database host and port above are as the last SSH host sees them (often 127.0.0.1). Host names may be ~/.ssh/config aliases."
        testId="form-ssh-enabled"
      />
      {hops.map((hop, i) => (
        <div className="cx-grid" key={i} data-testid={`form-ssh-hop-${i}`}>
          <TextField label={i === 0 ? 'SSH host (first hop)' : `SSH host (hop ${i + 1})`} value={hop.host} onChange={(host) => patchHop(i, { host })} placeholder="bastion.example.com" testId={`form-ssh-host-${i}`} />
          <TextField
            label="SSH port"
            inputMode="numeric"
            value={hop.port !== undefined ? String(hop.port) : ''}
            onChange={(v) => patchHop(i, { port: /^\d+$/.test(v) ? Number(v) : undefined })}
            placeholder="22"
            testId={`form-ssh-port-${i}`}
          />
          <TextField label="SSH user" value={hop.user ?? ''} onChange={(user) => patchHop(i, { user: user || undefined })} placeholder="(from ~/.ssh/config or your login)" testId={`form-ssh-user-${i}`} />
          <SelectField<SshAuthMethod>
            label="Log in with"
            value={hop.auth ?? 'agent'}
            options={SSH_AUTH_METHODS.map((m) => ({ value: m, label: SSH_AUTH_LABELS[m] }))}
            onChange={(auth) => patchHop(i, { auth })}
            testId={`form-ssh-auth-${i}`}
          />
          {hop.auth === 'key' ? (
            <TextField label="Private key file" mono value={hop.keyFile ?? ''} onChange={(keyFile) => patchHop(i, { keyFile: keyFile || undefined })} placeholder="~/.ssh/id_ed25519" testId={`form-ssh-key-${i}`} />
          ) : null}
          <HopSecretField hop={hop} index={i} useSshConfig={useSshConfig} edit={secrets[i]} onEdit={(edit) => setSecret(i, edit)} />
          <div className="field">
            <button type="button" className="btn" onClick={() => removeHop(i)} data-testid={`form-ssh-remove-${i}`} aria-label={`Remove hop ${i + 1}`}>
              Remove hop
            </button>
          </div>
        </div>
      ))}
      {errors.ssh ? (
        <span className="field-error" role="alert" data-testid="form-ssh-error">
          {errors.ssh}
        </span>
      ) : null}
      {hops.length > 0 && hops.length < 8 ? (
        <button type="button" className="btn" onClick={() => setHops([...hops, { ...EMPTY_HOP }])} data-testid="form-ssh-add">
          Add a hop after it
        </button>
      ) : null}
    </fieldset>
  );
}
