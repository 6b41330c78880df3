import { familyOf } from '../../shared/backends';
import type { ProfileData } from '../../shared/profile';
import { driverFor, type DriverConnection } from '../drivers';
import type { ConnectSecrets } from '../drivers/types';

export interface ServerSession {
  id: string;
  state: string;
  /** Seconds since the session started (PostgreSQL) or in its current command (MySQL TIME). */
  ageSec: number | null;
  /** Seconds in the current state (PostgreSQL). */
  inStateSec: number | null;
}

export interface ServerView {
  at: number;
  /** False for SQLite: there is no server, the database is in this process. */
  hasServer: boolean;
  /** This pool's sessions as the server sees them. */
  sessions: ServerSession[];
  /** All client sessions on the server, and its limit, for context. */
  serverTotal: number | null;
  maxConnections: number | null;
  error?: string;
}

/**
 * The server's own view of a pool's sessions, beside the pool's: pg_stat_activity filtered by the
 * pool's application_name, or the MySQL process list filtered by the pool's thread ids. It uses a
 * separate monitor connection so that looking does not change what is looked at.
 */
export class ServerViewer {
  private monitor: DriverConnection | null = null;
  private busy = false;
  private failures = 0;
  private nextTry = 0;

  constructor(
    private readonly profile: ProfileData,
    private readonly password: string | undefined,
    private readonly secrets: ConnectSecrets,
    private readonly tag: string,
  ) {}

  get hasServer(): boolean {
    return familyOf(this.profile.backend) !== 'sqlite';
  }

  /** Queries the server unless a query is already in flight or the server is in back-off after failures. */
  async refresh(sessionIds: string[]): Promise<ServerView | null> {
    if (!this.hasServer) return { at: Date.now(), hasServer: false, sessions: [], serverTotal: null, maxConnections: null };
    if (this.busy || Date.now() < this.nextTry) return null;
    this.busy = true;
    try {
      if (!this.monitor || this.monitor.broken) {
        this.monitor?.destroy();
        this.monitor = await driverFor(this.profile.backend).connect({ profile: this.profile, password: this.password, ...this.secrets, applicationName: 'poolscope-monitor', connectTimeoutMs: 5000 });
      }
      const view = familyOf(this.profile.backend) === 'postgresql' ? await this.postgres() : await this.mysql(sessionIds);
      this.failures = 0;
      return view;
    } catch (err) {
      this.failures++;
      this.nextTry = Date.now() + Math.min(5_000, 500 * 2 ** this.failures);
      this.monitor?.destroy();
      this.monitor = null;
      return { at: Date.now(), hasServer: true, sessions: [], serverTotal: null, maxConnections: null, error: (err as Error).message };
    } finally {
      this.busy = false;
    }
  }

  private async postgres(): Promise<ServerView> {
    const m = this.monitor!;
    const { rows } = await m.query<{ id: string; state: string | null; age: number | null; in_state: number | null }>(
      `SELECT pid::text AS id, COALESCE(state, 'unknown') AS state,
              EXTRACT(EPOCH FROM now() - backend_start)::float8 AS age,
              EXTRACT(EPOCH FROM now() - state_change)::float8 AS in_state
         FROM pg_stat_activity WHERE application_name = $1 ORDER BY backend_start`,
      [this.tag],
    );
    const totals = await m.query<{ total: string; max: string }>(
      "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::text AS total, current_setting('max_connections') AS max",
    );
    return {
      at: Date.now(),
      hasServer: true,
      sessions: rows.map((r) => ({ id: r.id, state: r.state ?? 'unknown', ageSec: r.age, inStateSec: r.in_state })),
      serverTotal: Number(totals.rows[0]!.total),
      maxConnections: Number(totals.rows[0]!.max),
    };
  }

  private async mysql(sessionIds: string[]): Promise<ServerView> {
    const m = this.monitor!;
    const ids = sessionIds.filter((s) => /^\d+$/.test(s));
    const rows = ids.length
      ? (await m.query<{ ID: number; COMMAND: string; TIME: number; STATE: string | null }>(`SELECT ID, COMMAND, TIME, STATE FROM information_schema.PROCESSLIST WHERE ID IN (${ids.join(',')}) ORDER BY ID`)).rows
      : [];
    const totals = await m.query<{ total: number; max: number }>('SELECT (SELECT COUNT(*) FROM information_schema.PROCESSLIST) AS total, @@max_connections AS max');
    return {
      at: Date.now(),
      hasServer: true,
      sessions: rows.map((r) => ({ id: String(r.ID), state: r.COMMAND === 'Sleep' ? 'idle' : `${r.COMMAND}${r.STATE ? ` (${r.STATE})` : ''}`, ageSec: r.TIME, inStateSec: r.TIME })),
      serverTotal: Number(totals.rows[0]!.total),
      maxConnections: Number(totals.rows[0]!.max),
    };
  }

  async close(): Promise<void> {
    const m = this.monitor;
    this.monitor = null;
    await m?.close();
  }
}
