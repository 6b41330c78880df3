import type { PoolGaugesDto, ServerViewDto } from '@shared/pool-types';

/** The server's own count of this pool's sessions, beside the pool's. */
export function ServerSessions({ server, gauges, tag }: { server: ServerViewDto | null; gauges: PoolGaugesDto; tag: string }) {
  if (!server) return <p className="muted">Asking the server…</p>;
  if (!server.hasServer) {
    return <p className="muted" data-testid="server-view">SQLite runs inside Poolscope's process: there is no server to ask. Each connection is an open database handle.</p>;
  }
  if (server.error) {
    return (
      <p className="field-error" role="alert" data-testid="server-view">
        The server could not be asked (retrying every few seconds): {server.error}
      </p>
    );
  }
  const mismatch = server.sessions.length !== gauges.open;
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="server-view">
      <p>
        The server sees <strong className="num" data-testid="server-session-count">{server.sessions.length}</strong> session{server.sessions.length === 1 ? '' : 's'} of this pool
        {server.serverTotal !== null ? (
          <>
            {' '}
            ({server.serverTotal} client sessions in all, max_connections {server.maxConnections})
          </>
        ) : null}
        ; the pool has <strong className="num">{gauges.open}</strong> open.
        {mismatch ? <span className="faint"> A difference is normal for a moment after connects, kills and closes.</span> : null}
      </p>
      <p className="faint" style={{ fontSize: 12 }}>
        Tagged on the server as <code>{tag}</code> (application_name on PostgreSQL; thread ids on MySQL/MariaDB).
      </p>
      {server.sessions.length ? (
        <table className="table" aria-label="Server sessions of this pool">
          <thead>
            <tr>
              <th>session</th>
              <th>state</th>
              <th className="num">age s</th>
            </tr>
          </thead>
          <tbody>
            {server.sessions.slice(0, 50).map((s) => (
              <tr key={s.id}>
                <td className="mono">{s.id}</td>
                <td>{s.state}</td>
                <td className="num">{s.ageSec === null ? '' : s.ageSec.toFixed(0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
