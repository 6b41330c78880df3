import type { ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';

/**
 * The frame both "ask on connect" prompts share (a connection's password, an SSH key passphrase or
 * password): Cancel, a submit button bound to the form, Enter submits only when something was typed.
 * What is asked for, and where the typed value goes, stays with each prompt.
 */
export function SecretPromptDialog({
  title,
  testId,
  submitTestId,
  formId,
  submitLabel,
  canSubmit,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  testId: string;
  submitTestId: string;
  formId: string;
  submitLabel: string;
  canSubmit: boolean;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      testId={testId}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn primary" disabled={!canSubmit} data-testid={submitTestId}>
            {submitLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) onSubmit();
        }}
      >
        {children}
      </form>
    </Dialog>
  );
}
