import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * Misbehaving network peers for timeout and protocol tests, all on 127.0.0.1 so they behave the
 * same on every machine (a routed "black hole" address depends on the network: in some sandboxes
 * every outbound connection is accepted by a proxy).
 */

export interface Fixture {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** Accepts TCP connections and never sends a byte: the handshake stage must time out. */
export async function silentListener(): Promise<Fixture> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  return { port: await listen(server), close: closer(server, sockets) };
}

/** Answers whatever it receives with an HTTP 400, like a web server or an HTTP proxy on the wrong port. */
export async function httpLikeListener(): Promise<Fixture> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'));
  });
  return { port: await listen(server), close: closer(server, sockets) };
}

/**
 * A port where TCP connect itself hangs: a listener with backlog 1 in a child process whose event
 * loop is blocked, so it never accepts. Once its accept queue is full the kernel drops further
 * SYNs, exactly as a firewall that drops packets does; the client sees silence until its timeout.
 */
export async function blackHole(): Promise<Fixture> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('net').createServer();
       s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(s.address().port + '\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  // Fill the accept queue (backlog 1 holds two) so the next SYN is dropped.
  const fillers: Socket[] = [];
  let connected = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < 3; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.once('connect', () => {
        connected++;
        if (connected === 2) resolve();
      });
      fillers.push(s);
    }
  });
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * A TCP proxy to a real server that can freeze: after freeze() it forwards nothing either way and
 * closes nothing, as a hung server (or a network that silently drops packets) looks to a client.
 */
export async function freezableProxy(targetPort: number, targetHost = '127.0.0.1', opts: { freezeOn?: string } = {}): Promise<Fixture & { freeze(): void }> {
  const sockets = new Set<Socket>();
  let frozen = false;
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (d: Buffer) => {
        // freezeOn: the server "hangs" on the first client message that holds this text.
        if (opts.freezeOn && from === client && d.includes(opts.freezeOn)) frozen = true;
        if (!frozen) to.write(d);
      });
      from.on('error', () => undefined);
      from.on('close', () => {
        sockets.delete(from);
        if (!frozen) to.destroy();
      });
    }
  });
  return { port: await listen(server), close: closer(server, sockets), freeze: () => void (frozen = true) };
}
