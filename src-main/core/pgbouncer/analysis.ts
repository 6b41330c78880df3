/**
 * Is a connection pooler (PgBouncer) between us and PostgreSQL? One pure analysis of what a
 * session observed, shared by the staged connection test and the checks' facts collector.
 *
 * A pooler answers cancel requests itself, so it always hands out its own backend key: a key that
 * differs from pg_backend_pid() means a pooler. So does pg_backend_pid() changing between two
 * transactions on one client connection (transaction pooling). A differing inet_server_port()
 * alone is only a port mapping or a TCP proxy; it is reported, but it does not make a pooler.
 */
export interface PoolerSignals {
  /** The backend key the client received at start-up (BackendKeyData's process ID). */
  sessionId: string | null;
  /** pg_backend_pid() of the server session that ran our query. */
  backendPid: number | null;
  /** pg_backend_pid() again, in a later transaction; null when not measured. */
  secondPid: number | null;
  /** inet_server_port() of that session; null over a unix socket. */
  serverPort: number | null;
  /** The port dialled over TCP; undefined over a unix socket. */
  dialledPort: number | undefined;
}

export interface PoolerAnalysis {
  /** Both the backend key and pg_backend_pid() were read, so they could be compared. */
  keyKnown: boolean;
  keyDiffers: boolean;
  /** Over TCP: inet_server_port() is another port, or NULL (the server sees a unix-socket client). */
  portDiffers: boolean;
  pidMoved: boolean;
  /** A pooler answers; only then is its admin console worth a login attempt. */
  pooled: boolean;
  /** Each comparison as it came out, for people. */
  evidence: string[];
}

export function analysePooler(s: PoolerSignals, opts: { keyLabel?: string } = {}): PoolerAnalysis {
  const key = opts.keyLabel ?? 'backend key';
  const evidence: string[] = [];
  const keyKnown = s.sessionId !== null && s.backendPid !== null;
  const keyDiffers = keyKnown && Number(s.sessionId) !== s.backendPid;
  if (keyKnown) evidence.push(keyDiffers ? `${key} ${s.sessionId} ≠ pg_backend_pid() ${s.backendPid}` : `${key} = pg_backend_pid() = ${s.backendPid}`);

  let portDiffers = false;
  if (s.dialledPort !== undefined) {
    portDiffers = s.serverPort !== s.dialledPort;
    if (s.serverPort === null) evidence.push('inet_server_port() is NULL: the server sees a unix-socket client although you dialled TCP');
    else evidence.push(portDiffers ? `inet_server_port() ${s.serverPort} ≠ dialled port ${s.dialledPort}` : `inet_server_port() = dialled port ${s.dialledPort}`);
  }

  const pidMoved = s.backendPid !== null && s.secondPid !== null && s.backendPid !== s.secondPid;
  if (pidMoved) evidence.push(`pg_backend_pid() changed between transactions (${s.backendPid} → ${s.secondPid}): transaction pooling`);

  const pooled = keyDiffers || pidMoved;
  if (!pooled && keyKnown && portDiffers) evidence.push('the backend key matches, so this is a port mapping or TCP proxy, not a pooler');
  return { keyKnown, keyDiffers, portDiffers, pidMoved, pooled, evidence };
}
