import type { ReactNode } from 'react';
import type { ApiError } from '../bridge';

export function EmptyState({ title, children, action, testId }: { title: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <h2>{title}</h2>
      {children ? <div>{children}</div> : null}
      {action}
    </div>
  );
}

/** An error as the person needs it: what failed and what to do next. */
export function ErrorCallout({ error, title, testId = 'error' }: { error: Pick<ApiError, 'message' | 'hint' | 'code'>; title?: string; testId?: string }) {
  return (
    <div className="callout error" role="alert" data-testid={testId}>
      <div className="stack" style={{ gap: 4 }}>
        <div className="callout-title">{title ?? 'Something went wrong'}</div>
        <div>{error.message}</div>
        {error.hint ? <div className="muted">{error.hint}</div> : null}
      </div>
    </div>
  );
}

export function Callout({ tone = 'info', title, children, testId }: { tone?: 'info' | 'warn' | 'error'; title?: string; children: ReactNode; testId?: string }) {
  return (
    <div className={`callout ${tone}`} role={tone === 'error' ? 'alert' : 'note'} data-testid={testId}>
      <div className="stack" style={{ gap: 4 }}>
        {title ? <div className="callout-title">{title}</div> : null}
        <div>{children}</div>
      </div>
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <span className="row" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}
