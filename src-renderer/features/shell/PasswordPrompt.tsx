import { useId, useState } from 'react';
import { SecretPromptDialog } from './SecretPromptDialog';
import { useStore } from '../../store';
import type { PasswordAction } from '../../store/password-slice';

const WORDING: Record<PasswordAction, { submit: string; note: string }> = {
  test: { submit: 'Test', note: 'Used for this test only; Poolscope does not store it.' },
  pool: { submit: 'Open pool', note: 'It is not saved; Poolscope keeps it in memory only while the pool is open, to open its connections.' },
  checks: { submit: 'Run checks', note: 'Used for this run only; Poolscope does not store it.' },
  types: { submit: 'Map column types', note: 'Used to read the schema this time only; Poolscope does not store it.' },
};

/**
 * The one "ask on connect" prompt, for whatever asked (store.requestPassword): the connection
 * test, the pool and its labs, the checks, the type mapping. The typed password lives in this
 * component until it is handed over, then it is cleared; the store only knows which connection is
 * asking.
 */
export function PasswordPrompt() {
  const request = useStore((s) => s.passwordRequest);
  const answer = useStore((s) => s.answerPassword);
  const summary = useStore((s) => s.connections.find((c) => c.id === request?.connectionId));
  const user = useStore((s) => (s.selected && s.selected.id === request?.connectionId ? s.selected.user : undefined));
  const [password, setPassword] = useState('');
  const inputId = useId();
  if (!request) return null;
  const wording = WORDING[request.action];
  const finish = (value: string | null) => {
    setPassword('');
    answer(value);
  };
  return (
    <SecretPromptDialog
      title={`Password for “${summary?.name ?? 'this connection'}”`}
      testId="password-prompt"
      submitTestId="password-prompt-submit"
      formId={`${inputId}-form`}
      submitLabel={wording.submit}
      canSubmit={!!password}
      onSubmit={() => finish(password)}
      onCancel={() => finish(null)}
    >
      <p className="muted">This connection asks for its password on connect. {wording.note}</p>
      <div className="field">
        <label htmlFor={inputId}>Password for {user ? `${user}@` : ''}{summary?.target ?? 'the server'}</label>
        <input id={inputId} className="input" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="password-prompt-input" />
      </div>
    </SecretPromptDialog>
  );
}
