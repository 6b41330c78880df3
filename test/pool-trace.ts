import { join } from 'node:path';
import { driverFor } from '../src-main/core/drivers';
import { createPool, effectivePoolClass, poolOptions } from '../src-main/core/pools/factory';
import { systemClock } from '../src-main/core/pools/clock';
import { NO_INSTRUMENT, type PoolInstrument } from '../src-main/core/pools/instrument';
import type { PooledConnection } from '../src-main/core/pools/pooled-connection';
import type { ProfileData } from '../src-main/shared/profile';
import { appRoot } from '../src-main/core/paths';
import { runSqlAlchemy } from './sqlalchemy';
import { wireFor } from '../src-main/core/drivers/wire';
import { pgAdmin } from './servers';

/**
 * One pool scenario, run the same way through real SQLAlchemy 2.0 (test/pool-trace.py) and through
 * Poolscope's pools, each giving a trace: pool events in SQLAlchemy's names, in order, with the
 * connection records numbered by first appearance; errors by class and message; query rows.
 */
export type Step =
  | ['out', string]
  | ['outMany', string[]]
  | ['in', string]
  | ['sql', string, string]
  | ['sleep', number]
  /** The engine layer: engine.connect(), execute, Connection.close(); kill terminates the handle's session (PostgreSQL). */
  | ['econnect', string]
  | ['eexec', string, string]
  | ['eclose', string]
  | ['kill', string]
  /** Terminates every other session on the scenario's database: the pool's idle connections (PostgreSQL). */
  | ['killIdle']
  | ['dispose']
  | ['status']
  | ['poolclass'];

export type TraceEntry = Array<string | number | unknown[]>;
export interface Trace {
  trace: TraceEntry[];
  /** Milliseconds each failed checkout took, by handle. */
  timings: Array<[string, number]>;
}

export interface Scenario {
  /** The SQLAlchemy URL (no password in it; the password travels on stdin). */
  url: string;
  password?: string;
  /** create_async_engine's poolclass, by name; none means the dialect's default. */
  poolclass?: 'AsyncAdaptedQueuePool' | 'NullPool' | 'StaticPool';
  /** create_async_engine's pool keywords, in SQLAlchemy's names. */
  kw?: { pool_size?: number; max_overflow?: number; pool_timeout?: number; pool_recycle?: number; pool_pre_ping?: boolean; pool_use_lifo?: boolean; pool_reset_on_return?: 'rollback' | 'commit' | null };
  steps: Step[];
}

export function runOnSqlAlchemy(s: Scenario): Trace {
  const script = `exec(open(${JSON.stringify(join(appRoot(), 'test', 'pool-trace.py'))}).read())`;
  // pool-trace.py reads stdin itself; runSqlAlchemy's prelude has read it into `data`, so hand it back.
  return runSqlAlchemy<Trace>(`import io\nsys.stdin = io.StringIO(json.dumps(data))\n${script}`, { url: s.url, password: s.password ?? null, poolclass: s.poolclass ?? null, kw: s.kw ?? {}, steps: s.steps });
}

const normalise = (v: unknown): unknown => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : typeof v === 'bigint' ? Number(v) : v);

/** The same scenario through Poolscope: a profile carrying the same settings, real driver connections. */
export async function runOnPoolscope(s: Scenario, profile: ProfileData, password?: string): Promise<Trace> {
  const trace: TraceEntry[] = [];
  const timings: Array<[string, number]> = [];
  const ids = new Map<number, number>();
  const rid = (id: number) => {
    if (!ids.has(id)) ids.set(id, ids.size + 1);
    return ids.get(id)!;
  };
  const instrument: PoolInstrument = {
    ...NO_INSTRUMENT,
    connected: (id) => void trace.push(['connect', rid(id)]),
    checkedOut: (id) => void trace.push(['checkout', rid(id)]),
    checkedIn: (id) => void trace.push(['checkin', rid(id)]),
    reset: (id) => void trace.push(['reset', rid(id)]),
    // A replaced StaticPool record is closed by Poolscope, left to the garbage collector by SQLAlchemy (README).
    closed: (id, reason) => void (reason === 'orphan' ? undefined : trace.push(['close', rid(id)])),
    invalidated: (id) => void trace.push(['invalidate', rid(id)]),
  };
  const k = s.kw ?? {};
  const pool = {
    ...profile.pool,
    poolClass: s.poolclass === 'AsyncAdaptedQueuePool' ? ('QueuePool' as const) : (s.poolclass ?? ('default' as const)),
    poolSize: k.pool_size ?? 5,
    maxOverflow: k.max_overflow ?? 10,
    timeout: k.pool_timeout ?? 30,
    recycle: k.pool_recycle ?? -1,
    prePing: k.pool_pre_ping ?? false,
    useLifo: k.pool_use_lifo ?? false,
    resetOnReturn: k.pool_reset_on_return === null ? ('none' as const) : (k.pool_reset_on_return ?? 'rollback'),
  };
  const p: ProfileData = { ...profile, pool };
  const driver = driverFor(p.backend);
  // The driver the SQLAlchemy URL names, on the wire as the registry's pools speak it.
  const pyDriver = /^postgresql\+(asyncpg|psycopg)/.exec(s.url)?.[1] as 'asyncpg' | 'psycopg' | undefined;
  const wire = wireFor(pyDriver, p.options.params, false);
  const thePool = createPool(effectivePoolClass(p), poolOptions(p), {
    clock: systemClock,
    instrument,
    isDisconnect: (e) => driver.isDisconnect(e),
    creator: () => driver.connect({ profile: p, password, pythonTransactions: true, wire }),
  });
  const handles = new Map<string, PooledConnection>();
  const checkout = async (name: string) => {
    const started = performance.now();
    try {
      handles.set(name, await thePool.checkout());
    } catch (err) {
      trace.push(['error', name, (err as Error).name, (err as Error).message]);
      timings.push([name, Math.round(performance.now() - started)]);
    }
  };
  for (const step of s.steps) {
    switch (step[0]) {
      case 'out':
        await checkout(step[1]);
        break;
      case 'outMany':
        await Promise.all(step[1].map(checkout));
        break;
      case 'in': {
        const h = handles.get(step[1])!;
        handles.delete(step[1]);
        await h.release();
        break;
      }
      case 'sql':
        try {
          const r = await handles.get(step[1])!.query(step[2]);
          if (/^\s*(select|with|values|pragma)\b/i.test(step[2])) trace.push(['rows', step[1], r.rows.map((row) => Object.values(row).map(normalise))]);
        } catch (err) {
          trace.push(['error', step[1], (err as Error).name, (err as Error).message.split('\n')[0]!]);
        }
        break;
      case 'sleep':
        await new Promise((r) => setTimeout(r, step[1]));
        break;
      case 'econnect':
        await checkout(step[1]);
        break;
      case 'eexec':
        try {
          const r = await handles.get(step[1])!.query(step[2]);
          if (/^\s*(select|with|values|pragma)\b/i.test(step[2])) trace.push(['rows', step[1], r.rows.map((row) => Object.values(row).map(normalise))]);
        } catch (err) {
          trace.push(['error', step[1], 'engine-exec', (err as Error).name]);
        }
        break;
      case 'eclose': {
        const h = handles.get(step[1])!;
        handles.delete(step[1]);
        try {
          await h.close();
        } catch (err) {
          trace.push(['error', step[1], 'engine-close', (err as Error).name]);
        }
        break;
      }
      case 'kill': {
        const r = await handles.get(step[1])!.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        const admin = await pgAdmin();
        await admin.query('SELECT pg_terminate_backend($1)', [r.rows[0]!.pid]);
        await admin.end();
        break;
      }
      case 'killIdle': {
        const admin = await pgAdmin();
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [p.database]);
        await admin.end();
        break;
      }
      case 'dispose':
        await thePool.close();
        break;
      case 'status':
        trace.push(['status', thePool.status()]);
        break;
      case 'poolclass':
        trace.push(['poolclass', thePool.className]);
        break;
    }
  }
  for (const h of handles.values()) await h.release();
  await thePool.close();
  return { trace, timings };
}
