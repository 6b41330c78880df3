import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';

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
