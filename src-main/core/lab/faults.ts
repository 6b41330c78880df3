import { familyOf, isMemorySqliteProfile } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { Fault, FaultResultDto, FaultStep } from '../../shared/lab-types';
import { defaultDriver, parseProfile } from '../../shared/profile';
import { driverFor, tunnelManager } from '../drivers';
import { systemClock } from '../pools/clock';
import { createPool, poolOptions } from '../pools/factory';
import { NO_INSTRUMENT } from '../pools/instrument';
import type { PoolEntry } from '../pools/registry';
import type { PooledConnection } from '../pools/pooled-connection';
import { errorText, classifyError } from './classify';

/**
 * What a Python service sees on its first request after the server ended its idle session, as
 * observed with SQLAlchemy 2.0.54 against PostgreSQL 15 and MariaDB 10.11 (pg_terminate_backend /
 * KILL, and the idle timeouts); asyncmy's from its source.
 */
const SERVICE_ERROR: Record<string, string> = {
  asyncpg: "sqlalchemy.exc.InterfaceError: (sqlalchemy.dialects.postgresql.asyncpg.InterfaceError) <class 'asyncpg.exceptions._base.InterfaceError'>: connection is closed",
  psycopg:
    'sqlalchemy.exc.OperationalError: (psycopg.errors.AdminShutdown) terminating connection due to administrator command (or psycopg.errors.IdleSessionTimeout after idle_session_timeout)',
  aiomysql: "sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (2013, 'Lost connection to MySQL server during query')",
  asyncmy: "sqlalchemy.exc.OperationalError: (asyncmy.errors.OperationalError) (2013, 'Lost connection to MySQL server during query')",
};

/**
 * How long one probe step (checkout and SELECT 1) or one statement of the fault lab's own side
 * connection may take. A hung server (or a network that drops packets) otherwise leaves the
 * request pending for as long as TCP takes to notice, which can be many minutes.
 */
export const FAULT_STEP_MS = 10_000;

function noAnswer(what: string, ms: number): AppError {
  return new AppError(
    'TIMEOUT',
    `${what} got no answer from the server within ${ms / 1000} s.`,
    'The server (or the network to it) is hung or overloaded. Poolscope dropped that connection; check the server, then probe again.',
  );
}

/** Runs `work`, or rejects with TIMEOUT after `ms` (calling `expire` first, to drop whatever is stuck). */
function withDeadline<T>(work: Promise<T>, ms: number, what: string, expire: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expire();
      reject(noAnswer(what, ms));
    }, ms);
  });
  // The abandoned work may still settle later; its outcome is nobody's business by then.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function withSideConnection<T>(entry: PoolEntry, fn: (q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const conn = await driverFor(entry.profile.backend).connect({ profile: entry.profile, password: entry.password, ...entry.secrets, applicationName: 'poolscope-fault', connectTimeoutMs: 5000 });
  try {
    return await fn((sql, params) => withDeadline(conn.query(sql, params), FAULT_STEP_MS, sql.split(/\s+/).slice(0, 3).join(' '), () => conn.destroy()).then((r) => r.rows));
  } finally {
    await conn.close();
  }
}

function counters(entry: PoolEntry) {
  const c = entry.recorder.counters;
  return { prePingFailures: c.prePingFailures, invalidations: c.invalidations, recycles: c.recycles, errors: c.errors };
}

export async function injectFault(entry: PoolEntry, fault: Fault): Promise<FaultResultDto> {
  const family = familyOf(entry.profile.backend);
  if (fault.kind === 'sqlite-memory-story') return sqliteMemoryStory(entry);
  if (fault.kind === 'probe') return probe(entry, fault.checkouts);
  if (fault.kind === 'drop-tunnel') return dropTunnel(entry);
  if (family === 'sqlite') {
    throw new AppError('UNSUPPORTED', 'SQLite has no server sessions to kill or time out.', 'For SQLite, run the in-memory story instead.');
  }
  if (fault.kind === 'kill-idle') {
    // Only sessions this pool holds idle, held back from checkouts while they are killed: a session
    // a caller has checked out is never touched, even when the server sees it idle between queries.
    const killed = await withSideConnection(entry, (q) =>
      entry.pool.withIdleHeld(async (idle) => {
        const ids = idle.map((c) => c.sessionId).filter((id): id is string => id !== null && /^\d+$/.test(id));
        if (ids.length === 0) return 0;
        if (family === 'postgresql') {
          const rows = await q(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND application_name = $2",
            [ids.map(Number), entry.tag],
          );
          return Number(rows[0]!.n);
        }
        let n = 0;
        for (const id of ids) {
          try {
            await q(`KILL ${id}`);
            n++;
          } catch {
            // Gone already.
          }
        }
        return n;
      }),
    );
    return {
      kind: 'kill-idle',
      summary: killed ? `The server terminated ${killed} idle session${killed === 1 ? '' : 's'} of this pool.` : 'There were no idle sessions to kill: check out a few connections first (run a load or a probe).',
      steps: [{ label: family === 'postgresql' ? 'pg_terminate_backend on idle sessions' : 'KILL on idle threads', ok: true, detail: `${killed} terminated` }],
      counters: counters(entry),
    };
  }
  if (fault.kind === 'idle-timeout') {
    let sql: string;
    if (family === 'postgresql') {
      const version = await withSideConnection(entry, (q) => q("SELECT current_setting('server_version_num')::int AS v"));
      if (Number(version[0]!.v) < 140000) throw new AppError('UNSUPPORTED', 'idle_session_timeout needs PostgreSQL 14 or later.', 'Kill idle sessions instead to see the same story.');
      sql = `SET idle_session_timeout = ${fault.seconds * 1000}`;
    } else sql = `SET SESSION wait_timeout = ${fault.seconds}`;
    entry.onConnect = [sql];
    const n = await entry.pool.onIdle(sql);
    return {
      kind: 'idle-timeout',
      summary: `This pool's sessions (and every new one) now time out after ${fault.seconds} s idle on the server. Wait that long, then probe.`,
      steps: [{ label: sql, ok: true, detail: `applied to ${n} idle connection${n === 1 ? '' : 's'} and to new connections` }],
      counters: counters(entry),
    };
  }
  // clear-idle-timeout
  const reset = family === 'postgresql' ? 'RESET idle_session_timeout' : 'SET SESSION wait_timeout = @@GLOBAL.wait_timeout';
  entry.onConnect = [];
  const n = await entry.pool.onIdle(reset);
  return { kind: 'clear-idle-timeout', summary: 'The server\'s own idle timeout applies again.', steps: [{ label: reset, ok: true, detail: `applied to ${n} idle connection${n === 1 ? '' : 's'}` }], counters: counters(entry) };
}

/** Sequential checkouts with SELECT 1: what the pool does now (pre-ping recovering, or errors surfacing). */
async function probe(entry: PoolEntry, checkouts: number): Promise<FaultResultDto> {
  const before = counters(entry);
  const steps: FaultStep[] = [];
  let disconnects = 0;
  for (let i = 0; i < checkouts; i++) {
    let held: PooledConnection | undefined;
    let expired = false;
    const step = (async () => {
      const c = await entry.pool.checkout();
      // A checkout that completes after the deadline goes straight back, dropped.
      if (expired) {
        c.invalidate(noAnswer('The probe', FAULT_STEP_MS));
        return null;
      }
      held = c;
      try {
        await c.query('SELECT 1');
        return c.sessionId;
      } finally {
        await c.release();
      }
    })();
    try {
      const sessionId = await withDeadline(step, FAULT_STEP_MS, `Checkout ${i + 1} (checkout and SELECT 1)`, () => {
        expired = true;
        held?.invalidate(noAnswer('The probe', FAULT_STEP_MS));
      });
      steps.push({ label: `checkout ${i + 1}`, ok: true, detail: sessionId ? `session ${sessionId}` : 'ok' });
    } catch (err) {
      if (classifyError(err) === 'disconnect') disconnects++;
      steps.push({ label: `checkout ${i + 1}`, ok: false, detail: errorText(err) });
      // A server that does not answer will not answer the next checkout either: stop here, bounded.
      if (err instanceof AppError && err.code === 'TIMEOUT') {
        if (i + 1 < checkouts) steps.push({ label: `checkouts ${i + 2}–${checkouts}`, ok: false, detail: 'skipped: the server stopped answering' });
        break;
      }
    }
  }
  const after = counters(entry);
  const delta = { prePingFailures: after.prePingFailures - before.prePingFailures, invalidations: after.invalidations - before.invalidations, recycles: after.recycles - before.recycles, errors: after.errors - before.errors };
  const ok = steps.filter((s) => s.ok).length;
  const hung = steps.some((s) => !s.ok && s.detail.includes('got no answer'));
  const parts = [`${ok} of ${checkouts} checkouts succeeded`];
  if (delta.prePingFailures) parts.push(`pre-ping caught ${delta.prePingFailures} dead connection${delta.prePingFailures === 1 ? '' : 's'} and reconnected`);
  if (delta.recycles) parts.push(`${delta.recycles} older connection${delta.recycles === 1 ? ' was' : 's were'} recycled`);
  if (hung) parts.push(`the server stopped answering (no reply within ${FAULT_STEP_MS / 1000} s), so the probe stopped`);
  const driver = entry.profile.service.driver ?? defaultDriver(entry.profile.backend);
  return {
    kind: 'probe',
    summary: `${parts.join('; ')}.`,
    steps,
    counters: delta,
    ...(disconnects > 0
      ? { serviceView: `With ${driver}, your service would have raised: ${SERVICE_ERROR[driver] ?? 'a disconnect error'}. With pool_pre_ping=True (or pool_recycle below the server's idle timeout) the pool replaces the connection before your code sees it.` }
      : {}),
  };
}

/** The in-memory SQLite story, on two throwaway pools: QueuePool loses the tables, StaticPool keeps them. */
async function sqliteMemoryStory(entry: PoolEntry): Promise<FaultResultDto> {
  if (familyOf(entry.profile.backend) !== 'sqlite') throw new AppError('UNSUPPORTED', 'The in-memory story is about SQLite.', 'Pick an SQLite connection.');
  const steps: FaultStep[] = [];
  const driver = driverFor('sqlite');
  for (const cls of ['AsyncAdaptedQueuePool', 'StaticPool'] as const) {
    const profile = parseProfile({ name: 'story', backend: 'sqlite', database: ':memory:' });
    const pool = createPool(cls, poolOptions(entry.profile), { clock: systemClock, instrument: NO_INSTRUMENT, isDisconnect: driver.isDisconnect, creator: () => driver.connect({ profile }) });
    const a = await pool.checkout();
    await a.query('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
    await a.query("INSERT INTO users (email) VALUES ('alice@example.com')");
    steps.push({ label: `${cls}: session 1 creates table users and inserts a row`, ok: true, detail: 'create_all() on the first connection' });
    const b = await pool.checkout();
    try {
      const r = await b.query<{ n: number }>('SELECT count(*) AS n FROM users');
      steps.push({ label: `${cls}: session 2 reads users while session 1 is open`, ok: true, detail: `${r.rows[0]!.n} row: same connection, same database` });
    } catch (err) {
      steps.push({ label: `${cls}: session 2 reads users while session 1 is open`, ok: false, detail: `${errorText(err)}: a new connection to :memory: is a new, empty database` });
    }
    await a.release();
    await b.release();
    await pool.close();
  }
  const current = isMemorySqliteProfile(entry.profile) ? ' This connection itself is in memory.' : '';
  return {
    kind: 'sqlite-memory-story',
    summary: `With QueuePool the second session gets "no such table"; with StaticPool (SQLAlchemy's default for sqlite+aiosqlite://) it finds the table.${current}`,
    steps,
  };
}

/** Cuts the SSH tunnel under the pool: busy and idle sessions die together, as when a bastion reboots. */
function dropTunnel(entry: PoolEntry): FaultResultDto {
  const manager = tunnelManager();
  if (!entry.profile.ssh || !manager) throw new AppError('UNSUPPORTED', 'This connection does not go through an SSH tunnel.', 'Add SSH hosts to the connection to try this fault.');
  const before = manager.statusFor(entry.profile);
  const dropped = manager.drop(entry.profile);
  if (!dropped) throw new AppError('CONFLICT', `The SSH tunnel is ${before?.state ?? 'not open'}, so there is nothing to drop.`, 'Open the pool (or wait for the reconnect) and try again.');
  return {
    kind: 'drop-tunnel',
    summary: `The SSH tunnel (${before!.route}) was cut with ${before!.channels} forwarded session${before!.channels === 1 ? '' : 's'}; it reconnects by itself, and the pool's next checkouts show what a service sees.`,
    steps: [
      { label: 'Cut every SSH session of the tunnel', ok: true, detail: `${before!.channels} forwarded connection${before!.channels === 1 ? '' : 's'} ended at once` },
      { label: 'Reconnect', ok: true, detail: 'follows in the background; watch the tunnel events in the Pool view' },
    ],
    counters: counters(entry),
  };
}
