import type { DriverConnection, QueryResult } from '../../drivers/types';

/**
 * A driver for unit tests of pool semantics only (database behaviour is tested against real
 * servers elsewhere). It records every statement and lets a test kill sessions "on the server".
 */
export class FakeServer {
  private nextSession = 1;
  readonly open = new Map<string, FakeConnection>();
  readonly statements: Array<{ session: string; sql: string }> = [];
  connects = 0;
  closes = 0;
  /** When set, the next connect attempts fail with this error. */
  refuse: Error | null = null;

  connect(): Promise<DriverConnection> {
    if (this.refuse) return Promise.reject(this.refuse);
    this.connects++;
    const c = new FakeConnection(this, String(this.nextSession++));
    this.open.set(c.sessionId, c);
    return Promise.resolve(c);
  }

  /** The server terminates every open session (the fault lab's kill, a restart). */
  killAll(): void {
    for (const c of [...this.open.values()]) c.kill();
  }

  isDisconnect = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'GONE';
}

export class FakeConnection implements DriverConnection {
  readonly backend = 'postgresql' as const;
  private dead = false;
  private closed = false;
  private readonly listeners = new Set<(err: Error) => void>();
  /** Statements that should fail with a non-disconnect error. */
  failNext: Error | null = null;

  constructor(
    private readonly server: FakeServer,
    readonly sessionId: string,
  ) {}

  get broken(): boolean {
    return this.dead || this.closed;
  }

  get isOpen(): boolean {
    return !this.closed && !this.dead;
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.server.open.delete(this.sessionId);
    const err = Object.assign(new Error('terminating connection due to administrator command'), { code: 'GONE' });
    for (const l of this.listeners) l(err);
  }

  query<R>(sql: string): Promise<QueryResult<R>> {
    if (this.dead || this.closed) return Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'GONE' }));
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      return Promise.reject(e);
    }
    this.server.statements.push({ session: this.sessionId, sql });
    return Promise.resolve({ rows: [{ ok: 1 } as R], rowCount: 1 });
  }

  /** Like asyncpg's adapter: ROLLBACK/COMMIT only when a transaction is open (BEGIN seen, not ended). */
  endTransaction(action: 'rollback' | 'commit'): Promise<unknown> | null {
    const mine = this.server.statements.filter((s) => s.session === this.sessionId).map((s) => s.sql.toUpperCase());
    const last = mine.findLastIndex((s) => s === 'BEGIN' || s.startsWith('BEGIN ') || s === 'ROLLBACK' || s === 'COMMIT');
    if (last < 0 || !mine[last]!.startsWith('BEGIN')) return null;
    return this.query(action === 'rollback' ? 'ROLLBACK' : 'COMMIT');
  }

  ping(): Promise<void> {
    return this.query('SELECT 1').then(() => undefined);
  }

  close(): Promise<void> {
    this.destroy();
    return Promise.resolve();
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.dead) this.server.closes++;
    this.server.open.delete(this.sessionId);
  }

  onError(listener: (err: Error) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
