import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';

/** Asks for the password of an "ask on connect" connection; it is sent once and kept in memory only while the pool is open. */
export function PasswordPrompt() {
  const id = useStore((s) => s.passwordPromptFor);
  const setPrompt = useStore((s) => s.setPasswordPrompt);
  const open = useStore((s) => s.openPool);
  const name = useStore((s) => s.connections.find((c) => c.id === id)?.name ?? '');
  const [password, setPassword] = useState('');
  if (!id) return null;
  const close = () => {
    setPassword('');
    setPrompt(null);
  };
  return (
    <Dialog
      title={`Password for ${name}`}
      onClose={close}
      testId="password-prompt"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            form="password-prompt-form"
            className="btn primary"
            disabled={!password}
          >
            Open pool
          </button>
        </>
      }
    >
      <form
        id="password-prompt-form"
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const pw = password;
          setPassword('');
          void open(id, pw);
        }}
      >
        <p className="muted">This connection asks for its password on connect. It is not saved; Poolscope keeps it in memory only while the pool is open.</p>
        <div className="field">
          <label htmlFor="pool-password">Password</label>
          <input id="pool-password" className="input" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      </form>
    </Dialog>
  );
}
