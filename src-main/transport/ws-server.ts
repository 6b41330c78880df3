import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlibConstants, gzip, gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type Handlers } from '../api/dispatch';
import type { Logger } from '../core/logging/logger';
import { redactor } from '../core/logging/redact';
import type { EventBus } from '../core/events/bus';
import { allowedHosts, allowedOrigins, contentSecurityPolicy, newToken, requestToken, tokenCookie, tokenMatches } from './security';
import type { ApiErrorShape } from '../shared/errors';
import { cut, refusalLog } from './refusal-log';
import { cacheControlFor } from './asset-cache';

export interface WsServerOptions {
  handlers: Handlers;
  bus: EventBus;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Largest accepted message, in bytes. */
  maxPayload?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  clients(): number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Pushed events are dropped for a client whose socket has this much unsent data: metrics are lossy, memory is not. */
const EVENT_BACKPRESSURE_BYTES = 4 * 1024 * 1024;

/**
 * Serve mode: the same handlers over a WebSocket on 127.0.0.1 only. The page and the socket
 * need the per-start token; the socket also needs an Origin of this server and every request a
 * loopback Host header with this port (DNS rebinding). Every refusal is a structured error.
 */
export function startWsServer(opts: WsServerOptions): Promise<RunningServer> {
  const token = newToken();
  const rendererRoot = resolve(opts.rendererDir);
  let port = 0;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  const logRefusal = refusalLog(opts.logger);

  const server = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (err) {
      opts.logger.error('http handler failed', { error: err as Error });
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: 'The request failed.', hint: 'See the log file.' });
    }
  });

  const securityHeaders = (res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  };

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    securityHeaders(res);
    if (!allowedHosts(port).has(req.headers.host ?? '')) {
      return sendJson(res, 403, refusal('FORBIDDEN', `Host ${JSON.stringify(cut(req.headers.host ?? '', 200))} is not allowed.`, `Open http://127.0.0.1:${port}/ with the token printed at start.`));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, refusal('BAD_MESSAGE', `${req.method} is not supported.`, 'The UI only reads pages; the API is on the WebSocket.'));
    }
    const url = requestUrl(req, port);
    if (!url) return sendJson(res, 400, refusal('BAD_MESSAGE', 'The request target is not a valid path.', `Open http://127.0.0.1:${port}/ with the token printed at start.`));
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!tokenMatches(token, requestToken(url, req.headers.cookie, port))) {
        res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(
          '<!doctype html><meta charset="utf-8"><title>Poolscope: token required</title>' +
            '<body style="font-family:sans-serif;max-width:40em;margin:4em auto">' +
            '<h1>Token required</h1><p>This Poolscope server only answers the URL it printed when it started ' +
            '(it ends in <code>?token=...</code>). Copy that URL from the terminal that runs <code>npm run serve</code>.</p></body>',
        );
        return;
      }
      // The page removes ?token= from its address bar; the cookie lets it reload and open its socket.
      res.setHeader('Set-Cookie', tokenCookie(port, token));
      return sendFile(res, join(rendererRoot, 'index.html'), req.method === 'HEAD', cacheControlFor(url.pathname, true), req.headers['accept-encoding']);
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return sendJson(res, 400, refusal('BAD_MESSAGE', `The path ${JSON.stringify(cut(url.pathname, 100))} has a malformed %-escape.`, 'Write % as %25 and each escape as % and two hex digits of UTF-8.'));
    }
    const file = normalize(join(rendererRoot, path));
    if (!file.startsWith(rendererRoot + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return sendJson(res, 404, refusal('NOT_FOUND', `${cut(url.pathname, 200)} was not found.`, 'Open the URL printed at start.'));
    }
    return sendFile(res, file, req.method === 'HEAD', cacheControlFor(path, false), req.headers['accept-encoding']);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const url = requestUrl(req, port);
    const refuse = (status: number, error: ApiErrorShape) => {
      logRefusal('websocket refused', { code: error.code, reason: error.message });
      const body = JSON.stringify(error);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Forbidden'}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.destroy();
    };
    if (!url) return refuse(400, refusal('BAD_MESSAGE', 'The request target is not a valid path.', 'Connect to /ws.'));
    if (url.pathname !== '/ws') return refuse(404, refusal('NOT_FOUND', `No WebSocket endpoint at ${cut(url.pathname, 200)}.`, 'Connect to /ws.'));
    if (!allowedHosts(port).has(req.headers.host ?? '')) {
      return refuse(403, refusal('FORBIDDEN', 'The Host header is not this server.', `Connect to ws://127.0.0.1:${port}/ws.`));
    }
    if (!allowedOrigins(port).has(req.headers.origin ?? '')) {
      return refuse(403, refusal('FORBIDDEN', `Origin ${JSON.stringify(cut(req.headers.origin ?? '(none)', 200))} is not allowed.`, 'Only pages served by this Poolscope server may connect.'));
    }
    if (!tokenMatches(token, requestToken(url, req.headers.cookie, port))) {
      return refuse(401, refusal('FORBIDDEN', 'The token is missing or wrong.', 'Use the URL printed when the server started; the token changes at every start.'));
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function onSocket(ws: WebSocket): void {
    sockets.add(ws);
    const aborter = new AbortController();
    ws.on('close', () => {
      sockets.delete(ws);
      aborter.abort();
    });
    ws.on('error', (err) => opts.logger.warn('websocket error', { error: err }));
    ws.on('message', (data, isBinary) => {
      void onMessage(ws, data as Buffer, isBinary, aborter.signal);
    });
  }

  async function onMessage(ws: WebSocket, data: Buffer, isBinary: boolean, signal: AbortSignal): Promise<void> {
    let msg: unknown;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      return send(ws, { type: 'result', id: null, ok: false, error: refusal('BAD_MESSAGE', 'The message is not JSON text.', 'Send {"id": ..., "method": "...", "input": {...}} as JSON.') });
    }
    const m = msg as { id?: unknown; method?: unknown; input?: unknown } | null;
    const idOk = m && typeof m === 'object' && (typeof m.id === 'number' || (typeof m.id === 'string' && m.id.length <= 64));
    if (!m || typeof m !== 'object' || Array.isArray(m) || !idOk) {
      return send(ws, { type: 'result', id: null, ok: false, error: refusal('BAD_MESSAGE', 'The message needs an "id" (number or short string) and a "method".', 'Send {"id": 1, "method": "app.info", "input": {}}.') });
    }
    const result = await dispatch(opts.handlers, m.method, m.input, { transport: 'ws', signal }, opts.logger);
    send(ws, { type: 'result', id: m.id, ...result });
  }

  function send(ws: WebSocket, message: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = redactor.scrubForSocket(JSON.stringify(message));
    } catch (err) {
      const id = (message as { id?: unknown }).id ?? null;
      text = JSON.stringify({ type: 'result', id, ok: false, error: refusal('INTERNAL', `The result could not be serialised: ${(err as Error).message}`, 'This is a bug in Poolscope.') });
    }
    ws.send(text);
  }

  const unsubscribe = opts.bus.subscribe((name, payload) => {
    if (sockets.size === 0) return;
    const text = redactor.scrubForSocket(JSON.stringify({ type: 'event', name, payload }));
    for (const ws of sockets) {
      if (ws.readyState === ws.OPEN && ws.bufferedAmount < EVENT_BACKPRESSURE_BYTES) ws.send(text);
    }
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : opts.port;
      warmCompressedAssets(rendererRoot);
      resolvePromise({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        clients: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const ws of sockets) ws.terminate();
            wss.close();
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** The request's URL, or null when its target cannot be read as one (`//[`, for example). */
function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

function refusal(code: ApiErrorShape['code'], message: string, hint: string): ApiErrorShape {
  return { code, message, hint };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Text assets compressed once per file version (path + mtime), brotli or gzip, as the browser accepts. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json']);
const packed = new Map<string, { mtimeMs: number; br?: Buffer; gzip?: Buffer }>();

function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  const offered = new Set((accept ?? '').split(',').map((s) => s.trim().split(';')[0]!.toLowerCase()));
  return offered.has('br') ? 'br' : offered.has('gzip') ? 'gzip' : null;
}

function packedBody(file: string, body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  const mtimeMs = statSync(file).mtimeMs;
  let entry = packed.get(file);
  if (!entry || entry.mtimeMs !== mtimeMs) packed.set(file, (entry = { mtimeMs }));
  return (entry[encoding] ??= encoding === 'br' ? brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }) : gzipSync(body, { level: 9 }));
}

/**
 * Compresses the built assets in the background after start (in zlib's thread pool), so the first
 * page load is not the one that waits for brotli. Whatever is asked before that is compressed then.
 */
export function warmCompressedAssets(rendererDir: string): void {
  let names: string[];
  try {
    names = readdirSync(join(rendererDir, 'assets'));
  } catch {
    return;
  }
  for (const name of names) {
    const file = join(rendererDir, 'assets', name);
    if (!COMPRESSIBLE.has(extname(file))) continue;
    void (async () => {
      try {
        const body = await readFile(file);
        if (body.length <= 1024) return;
        const mtimeMs = statSync(file).mtimeMs;
        const [br, gz] = await Promise.all([brotliAsync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }), gzipAsync(body, { level: 9 })]);
        const entry = packed.get(file);
        if (entry && entry.mtimeMs === mtimeMs) {
          entry.br ??= br;
          entry.gzip ??= gz;
        } else packed.set(file, { mtimeMs, br, gzip: gz });
      } catch {
        // A file that went away or cannot be read is compressed (or refused) when it is asked for.
      }
    })();
  }
}

function sendFile(res: ServerResponse, file: string, headOnly: boolean, cacheControl: string, acceptEncoding?: string): void {
  if (!existsSync(file)) {
    return sendJson(res, 503, refusal('NOT_FOUND', 'The UI has not been built.', 'Run `npm run build` (npm start and npm run serve do it for you).'));
  }
  let body: Buffer = readFileSync(file);
  const headers: Record<string, string | number> = {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
  };
  const encoding = COMPRESSIBLE.has(extname(file)) && body.length > 1024 ? pickEncoding(acceptEncoding) : null;
  if (COMPRESSIBLE.has(extname(file))) headers['Vary'] = 'Accept-Encoding';
  if (encoding) {
    body = packedBody(file, body, encoding);
    headers['Content-Encoding'] = encoding;
  }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(headOnly ? undefined : body);
}
