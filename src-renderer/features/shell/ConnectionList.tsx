import { useMemo } from 'react';
import { useStore } from '../../store';
import { EnvBadge } from '../../components/Badges';
import { BACKEND_INFO } from '@shared/backends';

export function ConnectionList() {
  const connections = useStore((s) => s.connections);
  const loaded = useStore((s) => s.connectionsLoaded);
  const error = useStore((s) => s.connectionsError);
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  const search = useStore((s) => s.search);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q) return connections;
    return connections.filter((c) =>
      [c.name, c.target, c.environment, BACKEND_INFO[c.backend].label, ...c.tags].some((f) => f.toLowerCase().includes(q)),
    );
  }, [connections, search]);

  if (!loaded) return <p className="muted" style={{ padding: 8 }}>Loading connections…</p>;
  if (error) return <p className="field-error" style={{ padding: 8 }} role="alert">{error.message}</p>;
  if (connections.length === 0) {
    return <p className="muted" style={{ padding: 8 }} data-testid="no-connections">No saved connections yet. Add one with “New connection”.</p>;
  }
  if (shown.length === 0) return <p className="muted" style={{ padding: 8 }}>No connection matches “{search}”.</p>;

  return (
    <ul aria-label="Saved connections" data-testid="connection-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {shown.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            className={`conn-item${c.environment === 'production' ? ' production' : ''}`}
            aria-current={c.id === selectedId ? 'true' : 'false'}
            data-testid="connection-item"
            data-connection-name={c.name}
            onClick={() => void select(c.id)}
          >
            <span className="conn-dot" style={c.color ? { background: c.color } : undefined} aria-hidden="true" />
            <span className="conn-text">
              <span className="conn-name" style={{ display: 'block' }}>{c.name}</span>
              <span className="conn-target" style={{ display: 'block' }}>
                {BACKEND_INFO[c.backend].label} · {c.target}
              </span>
            </span>
            {c.environment !== 'local' ? <EnvBadge env={c.environment} /> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
