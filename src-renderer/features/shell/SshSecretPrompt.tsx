import { useId, useState } from 'react';
import { SecretPromptDialog } from './SecretPromptDialog';
import { useStore } from '../../store';
import type { PasswordAction } from '../../store/password-slice';

const SUBMIT: Record<PasswordAction, string> = { test: 'Test', pool: 'Open pool', checks: 'Run checks', types: 'Map column types' };

/**
 * "Ask on connect" for the tunnel: a key's passphrase or a hop's SSH password that is not saved
 * (or was refused). The typed value lives here until it is handed to the main process, which keeps
 * it in memory for this session, or encrypted when "Remember" is ticked; the store only knows what
 * is being asked for.
 */
export function SshSecretPrompt() {
  const request = useStore((s) => s.sshSecretRequest);
  const answer = useStore((s) => s.answerSshSecret);
  const name = useStore((s) => s.connections.find((c) => c.id === request?.connectionId)?.name);
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(false);
  const inputId = useId();
  if (!request) return null;
  const { need } = request;
  const what = need.kind === 'passphrase' ? 'Key passphrase' : 'SSH password';
  const finish = (value: string | null) => {
    setSecret('');
    setRemember(false);
    answer(value === null ? null : { secret: value, remember });
  };
  return (
    <SecretPromptDialog
      title={`${what}${name ? ` for “${name}”` : ''}`}
      testId="ssh-secret-prompt"
      submitTestId="ssh-secret-submit"
      formId={`${inputId}-form`}
      submitLabel={SUBMIT[request.action]}
      canSubmit={!!secret}
      onSubmit={() => finish(secret)}
      onCancel={() => finish(null)}
    >
      {need.wrong ? (
        <p className="callout warn" role="alert" data-testid="ssh-secret-wrong">
          The {need.kind === 'passphrase' ? 'passphrase' : 'password'} that was used was refused. Enter it again.
        </p>
      ) : null}
      <p className="muted">
        The SSH tunnel needs the {need.kind === 'passphrase' ? 'passphrase of' : 'password for'} <span className="mono">{need.label}</span>, and none is saved.
      </p>
      <div className="field">
        <label htmlFor={inputId}>{need.kind === 'passphrase' ? `Passphrase for ${need.label}` : `Password for ${need.label}`}</label>
        <input id={inputId} className="input" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} data-testid="ssh-secret-input" />
      </div>
      <label className="row" style={{ gap: 8 }}>
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="ssh-secret-remember" />
        <span>Remember it (saved encrypted, like a connection password)</span>
      </label>
      <p className="cx-note">
        {remember
          ? 'It is saved for this key or host, so every connection through it uses it.'
          : 'Not saved: Poolscope keeps it in memory until it quits, so the tunnel can reconnect and the pool and checks do not ask again.'}
      </p>
    </SecretPromptDialog>
  );
}
