import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** Where focus goes when the element a dialog was opened from is gone (or was the page itself). */
function fallbackFocus(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="tree"] [tabindex="0"]') ?? document.querySelector<HTMLElement>('[role="tablist"][aria-label="Sections"] [aria-selected="true"]');
}

/**
 * A modal dialog on the native `<dialog>` and `showModal()`: the browser makes the page behind it
 * inert (no click, no Tab, nothing in the accessibility tree) and draws it in the top layer.
 * Labelled by its title; Escape closes it; focus starts on the first field and goes back, on close,
 * to where it was before (or to the connection list when that element is gone).
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide,
  testId,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  // The latest onClose without re-running the open/close effect (callers pass a new one each render).
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const el = ref.current;
    if (!el) return;
    if (!el.open) el.showModal();
    const first = el.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([data-close]):not([disabled])');
    (first ?? el).focus();
    return () => {
      if (el.open) el.close();
      const target = previous && previous.isConnected ? previous : fallbackFocus();
      target?.focus();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape') {
      // Handled here rather than by the browser's cancel, so a nested dialog closes alone.
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
      return;
    }
    const el = ref.current;
    if (e.key === 'Tab' && el) {
      // The page behind is inert, but Tab would still leave for the browser's own toolbar: keep it in.
      const items = Array.from(el.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')).filter((x) => x.closest('dialog') === el);
      if (items.length === 0) return;
      const firstItem = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === firstItem) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        firstItem.focus();
      }
    }
  };
  return (
    <dialog
      className={`dialog${wide ? ' wide' : ''}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby={id}
      ref={ref}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onCloseRef.current();
      }}
      // A click on the backdrop lands on the <dialog> itself (its content fills it edge to edge).
      onMouseDown={(e) => e.target === e.currentTarget && onCloseRef.current()}
    >
      <div className="dialog-header">
        <h2 id={id} className="grow">
          {title}
        </h2>
        <button type="button" className="btn ghost icon" aria-label="Close" data-close onClick={() => onCloseRef.current()}>
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-footer">{footer}</div> : null}
    </dialog>
  );
}
