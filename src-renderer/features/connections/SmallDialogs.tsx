import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';

/** "Ask on connect": the password travels in this one test request and is never stored. */
export function PasswordPrompt() {
  const prompt = useStore((s) => s.passwordPrompt);
  const close = useStore((s) => s.closePasswordPrompt);
  const runTest = useStore((s) => s.runTest);
  const [password, setPassword] = useState('');
  if (!prompt) return null;
  const submit = () => {
    close();
    void runTest(prompt.id, { id: prompt.id, password });
    setPassword('');
  };
  return (
    <Dialog
      title={`Password for “${prompt.name}”`}
      onClose={close}
      testId="password-prompt"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={submit} data-testid="password-prompt-submit">
            Test
          </button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <label htmlFor="cx-ask-password">Password for {prompt.who}</label>
          <input id="cx-ask-password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="password-prompt-input" />
        </div>
        <p className="cx-note">Used for this test only; Poolscope does not store it.</p>
      </form>
    </Dialog>
  );
}

/** Deleting asks first; a production connection must be confirmed by typing its name. */
export function ConfirmDelete() {
  const target = useStore((s) => s.deleteTarget);
  const cancel = useStore((s) => s.requestDelete);
  const confirm = useStore((s) => s.confirmDelete);
  const [typed, setTyped] = useState('');
  if (!target) return null;
  const ok = !target.production || typed.trim() === target.name;
  const close = () => {
    setTyped('');
    cancel(null);
  };
  return (
    <Dialog
      title={`Delete “${target.name}”?`}
      onClose={close}
      testId="confirm-delete"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Keep it
          </button>
          <button
            type="button"
            className="btn danger solid"
            disabled={!ok}
            onClick={() => {
              setTyped('');
              void confirm();
            }}
            data-testid="confirm-delete-button"
          >
            Delete
          </button>
        </>
      }
    >
      <div className="stack">
        <p>The connection and its saved password are deleted. The database itself is not touched. This cannot be undone.</p>
        {target.production ? (
          <div className="field">
            <label htmlFor="cx-delete-name">This is a production connection. Type its name to confirm.</label>
            <input id="cx-delete-name" className="input" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
