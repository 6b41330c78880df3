import { useStore } from '../../store';

/** Start-up notices (a store moved aside, a demo that could not be created) and the server link state. */
export function Banners() {
  const info = useStore((s) => s.info);
  const infoError = useStore((s) => s.infoError);
  const status = useStore((s) => s.bridgeStatus);
  const dismiss = useStore((s) => s.dismissNotice);
  return (
    <>
      {status === 'closed' ? (
        <div className="banner error" role="alert" data-testid="bridge-lost">
          Lost the connection to the Poolscope server. Reconnecting… (if it was stopped, start it again with <code>npm run serve</code>).
        </div>
      ) : null}
      {status === 'replaced' ? (
        <div className="banner error" role="alert" data-testid="bridge-replaced">
          <span>
            The Poolscope server was restarted, and this page&apos;s access token ended with it. Open the new address printed in the terminal where it runs (it ends in <code>?token=…</code>). Nothing saved is lost.
          </span>
        </div>
      ) : null}
      {infoError ? (
        <div className="banner error" role="alert" data-testid="bridge-error">
          {infoError.message} {infoError.hint}
        </div>
      ) : null}
      {info?.notices.map((n) => (
        <div key={n.id} className={`banner ${n.level === 'error' ? 'error' : 'warn'}`} role="alert" data-testid="notice">
          <strong>{n.title}.</strong>
          <span className="grow">{n.message}</span>
          <button type="button" className="btn small" onClick={() => void dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>
            Dismiss
          </button>
        </div>
      ))}
    </>
  );
}
