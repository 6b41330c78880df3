import { useEffect, useState } from 'react';
import type { DiscoveredServer } from '@shared/discovery';
import { Dialog } from '../../components/Dialog';
import { EmptyState, ErrorCallout, Spinner } from '../../components/Feedback';
import { bridge, toApiError, type ApiError } from '../../bridge';
import { useStore } from '../../store';

/** Servers on this machine, identified by the protocol they speak, each addable in one click. */
export function DiscoveryDialog() {
  const setOpen = useStore((s) => s.setDiscoverOpen);
  const showConnection = useStore((s) => s.showConnection);
  const toast = useStore((s) => s.toast);
  const [found, setFound] = useState<DiscoveredServer[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState<string | null>(null);
  const [scan, setScan] = useState(0);

  useEffect(() => {
    let live = true;
    setFound(null);
    setError(null);
    bridge.call('connections.discover').then(
      (list) => live && setFound(list),
      (err: unknown) => live && setError(toApiError(err)),
    );
    return () => {
      live = false;
    };
  }, [scan]);

  const add = async (server: DiscoveredServer) => {
    setAdding(server.endpoint);
    try {
      const result = await bridge.call('connections.import', { items: [{ profile: server.suggested }] });
      const created = result.created[0]!;
      toast('success', `Added “${created.name}”.`);
      setOpen(false);
      await showConnection(created.id);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setAdding(null);
    }
  };

  return (
    <Dialog
      title="Servers on this machine"
      onClose={() => setOpen(false)}
      testId="discovery-dialog"
      footer={
        <button type="button" className="btn" onClick={() => setScan((n) => n + 1)} disabled={found === null && !error}>
          Scan again
        </button>
      }
    >
      <p className="cx-note" style={{ marginBottom: 10 }}>
        Looks at 127.0.0.1 ports 5432, 6432 and 3306 and the usual unix sockets, and asks each what it is (no login, no password).
      </p>
      {error ? <ErrorCallout error={error} title="Discovery failed" /> : null}
      {found === null && !error ? <Spinner label="Looking for servers…" /> : null}
      {found && found.length === 0 ? (
        <EmptyState title="No servers found" testId="discovery-empty">
          <p>Nothing answered on 127.0.0.1:5432, 6432, 3306 or the usual sockets. Start a server, or add a connection by hand with “New”.</p>
        </EmptyState>
      ) : null}
      {found && found.length ? (
        <ul className="cx-found" aria-label="Servers found" data-testid="discovery-list">
          {found.map((s) => (
            <li key={s.endpoint} data-testid="discovered-server" data-endpoint={s.endpoint}>
              <div className="grow">
                <div>
                  <strong>
                    {s.product}
                    {s.version ? ` ${s.version}` : ''}
                  </strong>{' '}
                  <span className="mono muted">{s.endpoint}</span>
                </div>
                <div className="cx-note">{s.detail}</div>
                {s.savedAs ? <div className="cx-note">Already saved as “{s.savedAs}”.</div> : null}
              </div>
              <button type="button" className="btn small" disabled={adding !== null} onClick={() => void add(s)} aria-label={`Add ${s.product} at ${s.endpoint}`}>
                {adding === s.endpoint ? 'Adding…' : s.savedAs ? 'Add again' : 'Add'}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}
