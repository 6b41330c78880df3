import type { ApiErrorShape } from '@shared/errors';
import { ApiError, type Bridge, type BridgeStatus } from './types';

interface Pending {
  resolve(value: unknown): void;
  reject(err: ApiError): void;
  method: string;
}

type ServerMessage =
  | { type: 'result'; id: number | string | null; ok: true; value: unknown }
  | { type: 'result'; id: number | string | null; ok: false; error: ApiErrorShape }
  | { type: 'event'; name: string; payload: unknown };

/**
 * Serve mode: one WebSocket to the page's own server, authenticated by the token from the page
 * URL (kept in memory only) or, after a reload, by the server's HttpOnly cookie. Calls made while the socket is down wait for it to come back (up to a limit); the socket
 * reconnects with backoff, so restarting the server does not need a page reload.
 */
export function createWsBridge(opts: { url: string; token: string }): Bridge {
  let ws: WebSocket | null = null;
  let status: BridgeStatus = 'connecting';
  let nextId = 1;
  let retry = 0;
  const pending = new Map<number, Pending>();
  const queue: Array<() => void> = [];
  const eventListeners = new Map<string, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(s: BridgeStatus) => void>();

  const setStatus = (s: BridgeStatus) => {
    status = s;
    for (const l of statusListeners) l(s);
  };

  const connect = () => {
    setStatus('connecting');
    // Without a token (after a reload) the server's HttpOnly cookie authenticates the socket.
    const socket = new WebSocket(opts.token ? `${opts.url}?token=${encodeURIComponent(opts.token)}` : opts.url);
    ws = socket;
    socket.onopen = () => {
      retry = 0;
      setStatus('open');
      for (const send of queue.splice(0)) send();
    };
    socket.onmessage = (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'event') {
        for (const l of eventListeners.get(msg.name) ?? []) l(msg.payload);
        return;
      }
      if (typeof msg.id !== 'number') return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new ApiError(msg.error));
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      setStatus('closed');
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new ApiError({ code: 'CONNECTION_FAILED', message: `Lost the connection to the Poolscope server during ${p.method}.`, hint: 'It reconnects by itself; try again in a moment.' }));
      }
      retry = Math.min(retry + 1, 6);
      // A server that answers but refuses the token was restarted (each start makes a new token):
      // retrying cannot succeed, so say so instead of "Reconnecting…" forever.
      void fetch(`${location.origin}/?token=${encodeURIComponent(opts.token)}`, { method: 'HEAD', cache: 'no-store' })
        .then((res) => res.status === 401)
        .catch(() => false)
        .then((replaced) => {
          if (replaced) setStatus('replaced');
          else setTimeout(connect, 250 * 2 ** retry);
        });
    };
  };
  connect();

  return {
    transport: 'ws',
    get status() {
      return status;
    },
    call(method, ...rest) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const send = () => {
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
          ws!.send(JSON.stringify({ id, method, input: rest[0] ?? {} }));
        };
        if (ws && ws.readyState === WebSocket.OPEN) send();
        else queue.push(send);
      });
    },
    on(name, listener) {
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set!.delete(listener as (p: unknown) => void);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
