import type { Socket } from 'node:net';
import type { ProfileData, TlsMode } from '../../../shared/profile';
import type { DriverConnection } from '../../drivers';
import type { ConnectSecrets } from '../../drivers/types';
import { race } from './abort';
import { checkSocketPath, describeEndpoint, openSocket, resolveHost, type Endpoint } from './net';
import type { StageTracker } from './stages';

/** Everything one running test needs; built by the runner, used by the per-backend stage code. */
export interface TestContext {
  profile: ProfileData;
  password?: string;
  /** Spread into every driver connect of the test, and unlocks the client key in the TLS stage. */
  secrets: ConnectSecrets;
  signal: AbortSignal;
  tracker: StageTracker;
  /** The profile's connect timeout, applied to each network stage. */
  timeoutMs: number;
  /** Tags the test's sessions on the server (application_name / program_name). */
  applicationName: string;
  nativeBinding?: string;
  warnings: string[];
  /** Runs at the end whatever happened: sockets and connections are closed here. */
  onCleanup(fn: () => void | Promise<void>): void;
}

export function requiresTls(mode: TlsMode): boolean {
  return mode === 'require' || mode === 'verify-ca' || mode === 'verify-full';
}

export function isLoopback(e: Endpoint): boolean {
  return e.kind === 'socket' || e.host === 'localhost' || e.host === '::1' || e.host.startsWith('127.');
}

export function tlsUnavailable(): Error {
  return Object.assign(new Error('The server does not support SSL connections'), { code: 'POOLSCOPE_TLS_UNAVAILABLE' });
}

/** The resolve and TCP stages, the same for every network backend. */
export async function connectStages(t: TestContext, e: Endpoint): Promise<Socket> {
  const address = await t.tracker.run('resolve', async () => {
    if (e.kind === 'socket') {
      checkSocketPath(e.path);
      return { value: e.path, detail: 'unix socket, nothing to resolve' };
    }
    const found = await resolveHost(e.host, t.signal, t.timeoutMs);
    const first = found[0]!.address;
    const all = found.map((a) => a.address);
    return { value: first, detail: all[0] === e.host ? 'IP address, nothing to resolve' : `${e.host} → ${all.slice(0, 3).join(', ')}${all.length > 3 ? ' …' : ''}` };
  });
  return t.tracker.run('tcp', async () => {
    const target: Endpoint = e.kind === 'socket' ? e : { kind: 'tcp', host: address, port: e.port };
    const socket = await openSocket(target, t.signal, t.timeoutMs);
    t.onCleanup(() => void socket.destroy());
    return { value: socket, detail: `connected to ${describeEndpoint(target)}` };
  });
}

/** Connects through the driver, giving up on cancel or deadline and closing a late connection. */
export async function driverConnect(t: TestContext, connect: () => Promise<DriverConnection>): Promise<DriverConnection> {
  const conn = await race(connect(), { signal: t.signal, timeoutMs: t.timeoutMs + 2000, what: 'The login', abandon: (c) => c.destroy() });
  // Errors while the test sits between queries must land somewhere; the next query reports them.
  conn.onError(() => undefined);
  t.onCleanup(() => conn.close());
  return conn;
}

export function query<R>(t: TestContext, conn: DriverConnection, sql: string, what: string): Promise<R[]> {
  return race(conn.query<R>(sql), { signal: t.signal, timeoutMs: Math.max(t.timeoutMs, 5000), what }).then((r) => r.rows);
}

/** Round-trip latency: the median of several pings on one open session. */
export async function measureLatency(t: TestContext, conn: DriverConnection, samples = 5): Promise<{ medianMs: number; samplesMs: number[] }> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await race(conn.ping(), { signal: t.signal, timeoutMs: Math.max(t.timeoutMs, 5000), what: 'A ping' });
    out.push(Math.round((performance.now() - started) * 100) / 100);
  }
  const sorted = [...out].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs: Math.round(median * 100) / 100, samplesMs: out };
}
