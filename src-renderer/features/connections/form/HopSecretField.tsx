import { useEffect, useState } from 'react';
import type { SshHopInput } from '@shared/ssh';
import { bridge } from '../../../bridge';
import { TextField } from './fields';

/** What the dialog will do with a hop's secret on Save: a new value, or forget the saved one. */
export type HopSecretEdit = { value: string } | { forget: true };

interface Saved {
  hasSecret: boolean;
  sessionSecret: boolean;
}

/**
 * A hop's key passphrase or SSH password. The value is never read back: the main process says
 * only whether one is saved, and the field offers Replace and Forget. Left empty, the tunnel asks
 * on connect.
 */
export function HopSecretField({ hop, index, useSshConfig, edit, onEdit }: { hop: SshHopInput; index: number; useSshConfig: boolean; edit: HopSecretEdit | undefined; onEdit(edit: HopSecretEdit | undefined): void }) {
  const [saved, setSaved] = useState<Saved | null>(null);
  const auth = hop.auth ?? 'agent';
  const ready = auth !== 'agent' && hop.host.trim() !== '';
  useEffect(() => {
    if (!ready) {
      setSaved(null);
      return;
    }
    let alive = true;
    // Debounced: the state follows what is typed in host, user, port and key file.
    const t = setTimeout(() => {
      bridge.call('ssh.resolve', { ssh: { hops: [{ ...hop, auth }], useSshConfig, keepAliveSec: 15 } }).then(
        (hops) => {
          const last = hops[hops.length - 1];
          if (alive) setSaved(last ? { hasSecret: last.hasSecret, sessionSecret: last.sessionSecret } : null);
        },
        () => alive && setSaved(null),
      );
    }, 300);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [ready, hop.host, hop.port, hop.user, hop.keyFile, auth, useSshConfig]); // eslint-disable-line react-hooks/exhaustive-deps

  if (auth === 'agent') return null;
  const what = auth === 'key' ? 'Key passphrase' : 'SSH password';
  const word = auth === 'key' ? 'passphrase' : 'password';
  if (edit && 'forget' in edit) {
    return (
      <div className="field cx-secret" data-testid={`form-ssh-secret-state-${index}`} data-state="forget">
        <span className="field-label">{what}</span>
        <div className="cx-row">
          <span className="badge warn">Forgotten on Save</span>
          <button type="button" className="btn" onClick={() => onEdit(undefined)} aria-label={`Undo: keep the saved ${word} of SSH hop ${index + 1}`}>
            Undo
          </button>
        </div>
      </div>
    );
  }
  if (saved?.hasSecret && !edit) {
    return (
      <div className="field cx-secret" data-testid={`form-ssh-secret-state-${index}`} data-state="saved">
        <span className="field-label">{what}</span>
        <div className="cx-row">
          <span className="badge ok" data-testid={`form-ssh-secret-saved-${index}`}>
            Saved, encrypted
          </span>
          <button type="button" className="btn" onClick={() => onEdit({ value: '' })} data-testid={`form-ssh-secret-replace-${index}`} aria-label={`Replace the saved ${word} of SSH hop ${index + 1}`}>
            Replace
          </button>
          <button type="button" className="btn" onClick={() => onEdit({ forget: true })} data-testid={`form-ssh-secret-forget-${index}`} aria-label={`Forget the saved ${word} of SSH hop ${index + 1}`}>
            Forget
          </button>
        </div>
      </div>
    );
  }
  const help = edit && saved?.hasSecret
    ? `Replaces the saved ${word} on Save.`
    : saved?.sessionSecret
      ? `One was entered at a prompt and is kept until Poolscope quits; type it here to save it.`
      : auth === 'key'
        ? 'Only if the key has one. Saved encrypted; left empty, Poolscope asks when it connects.'
        : 'Saved encrypted; left empty, Poolscope asks when it connects.';
  return (
    <TextField
      type="password"
      autoComplete="new-password"
      label={what}
      value={edit && 'value' in edit ? edit.value : ''}
      onChange={(value) => onEdit(value === '' && !saved?.hasSecret ? undefined : { value })}
      placeholder={saved?.hasSecret ? '' : 'ask on connect'}
      help={help}
      testId={`form-ssh-secret-${index}`}
    />
  );
}
