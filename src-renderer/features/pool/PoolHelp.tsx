/** What each number means in SQLAlchemy's own terms. */
export function PoolHelp() {
  return (
    <details className="help" data-testid="pool-help">
      <summary>What these numbers mean in SQLAlchemy terms</summary>
      <dl>
        <dt>status()</dt>
        <dd>The exact line SQLAlchemy's pool.status() prints: pool size, connections in the pool (idle), current overflow, checked-out connections.</dd>
        <dt>pool_size</dt>
        <dd>Connections the pool keeps once opened. They open lazily, on demand. 0 means no limit at all.</dd>
        <dt>max_overflow</dt>
        <dd>Extra connections allowed beyond pool_size under load; they are closed when returned. -1 means no limit.</dd>
        <dt>overflow()</dt>
        <dd>Starts at −pool_size and rises with every connection opened; it reaches max_overflow when the pool is exhausted.</dd>
        <dt>pool_timeout</dt>
        <dd>How long a request waits once pool_size + max_overflow connections are checked out, before TimeoutError "QueuePool limit of size … reached".</dd>
        <dt>pool_recycle</dt>
        <dd>A connection older than this is replaced at its next checkout (never in the background). Keep it below the server's idle timeout.</dd>
        <dt>pool_pre_ping</dt>
        <dd>Before handing out a reused connection, a ping. A failed ping replaces that connection and every connection opened before it.</dd>
        <dt>invalidate</dt>
        <dd>A connection found dead (failed ping, or a query error that means "disconnected") is closed; its slot reconnects on next use, and older connections are recycled.</dd>
        <dt>pool_use_lifo</dt>
        <dd>Hand out the most recently returned connection first, so idle ones can time out on the server and the pool shrinks.</dd>
        <dt>reset_on_return</dt>
        <dd>What happens to an open transaction when a connection comes back: rollback (default), commit, or nothing.</dd>
        <dt>NullPool / StaticPool</dt>
        <dd>NullPool opens and closes a connection per checkout. StaticPool hands the same single connection to everyone (what keeps an in-memory SQLite database alive).</dd>
      </dl>
    </details>
  );
}
