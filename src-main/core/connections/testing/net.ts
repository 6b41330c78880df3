import { lookup, type LookupAddress } from 'node:dns';
import { statSync } from 'node:fs';
import { isIP, Socket, connect as netConnect } from 'node:net';
import { race, StepTimeout, TestCancelled } from './abort';

export type Endpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'socket'; path: string };

export function describeEndpoint(e: Endpoint): string {
  return e.kind === 'socket' ? e.path : `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/** Host name to addresses, as the OS resolver (getaddrinfo) answers, which is what drivers use. */
export async function resolveHost(host: string, signal: AbortSignal, timeoutMs: number): Promise<LookupAddress[]> {
  if (isIP(host)) return [{ address: host, family: isIP(host) }];
  const work = new Promise<LookupAddress[]>((resolve, reject) => {
    lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });
  return race(work, { signal, timeoutMs, what: `Resolving ${host}` });
}

/** A unix socket must exist and be a socket; the error codes mirror what connect() would say. */
export function checkSocketPath(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw Object.assign(new Error(`connect ENOENT ${path}`), { code: (err as NodeJS.ErrnoException).code ?? 'ENOENT', address: path });
  }
  if (!st.isSocket()) throw Object.assign(new Error(`${path} is not a socket`), { code: 'ENOTSOCK', address: path });
}

/** Opens a TCP or unix-socket connection, honouring the deadline and the cancel signal. */
export function openSocket(e: Endpoint, signal: AbortSignal, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = e.kind === 'socket' ? netConnect({ path: e.path }) : netConnect({ host: e.host, port: e.port });
    const fail = (err: Error) => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onError = (err: Error) => fail(err);
    const onAbort = () => fail(new TestCancelled());
    const timer = setTimeout(() => fail(new StepTimeout(timeoutMs, `Connecting to ${describeEndpoint(e)}`)), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
    };
    // A late error after the socket was handed over must never go unhandled.
    socket.on('error', () => undefined);
    socket.once('error', onError);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/**
 * Reads exact byte counts from a socket for the handshake probes. Data that arrives early is
 * buffered; an end, error or close fails the pending read with the reason.
 */
export class SocketReader {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private ended: Error | null = null;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.waiter?.();
  };
  private readonly onEnd = () => this.stop(Object.assign(new Error('The server closed the connection'), { code: 'ECONNRESET' }));
  private readonly onError = (err: Error) => this.stop(err);

  constructor(readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  private stop(err: Error): void {
    if (!this.ended) this.ended = err;
    this.waiter?.();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Whatever has arrived so far (for showing what a non-database server said). */
  peek(max = 64): Buffer {
    return this.buffer.subarray(0, max);
  }

  async read(n: number, signal: AbortSignal, timeoutMs: number, what: string): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < n) {
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new StepTimeout(timeoutMs, what);
      await race(new Promise<void>((resolve) => (this.waiter = resolve)), { signal, timeoutMs: left, what }).finally(() => (this.waiter = null));
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Stops listening so another reader (a TLS layer) can take the socket over. */
  detach(): Socket {
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    this.socket.removeListener('close', this.onEnd);
    this.socket.removeListener('error', this.onError);
    this.socket.on('error', () => undefined);
    return this.socket;
  }

  close(): void {
    this.detach();
    this.socket.destroy();
  }
}
