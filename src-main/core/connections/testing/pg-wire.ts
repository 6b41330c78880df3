import type { SocketReader } from './net';

/**
 * Just enough of the PostgreSQL frontend/backend protocol (v3) to ask a server whether it offers
 * TLS and which authentication it wants, without sending a password.
 */

/** SSLRequest: length 8, code 80877103. The server answers one byte: S (TLS follows) or N. */
export const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
export const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);
const PROTOCOL_3_0 = 196608;

export function startupMessage(params: Record<string, string>): Buffer {
  const pairs = Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0`, 'utf8'), Buffer.from(`${v}\0`, 'utf8')]);
  const body = Buffer.concat([...pairs, Buffer.from([0])]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([head, body]);
}

export interface PgMessage {
  type: string;
  body: Buffer;
}

export async function readPgMessage(reader: SocketReader, signal: AbortSignal, timeoutMs: number, what: string): Promise<PgMessage> {
  const head = await reader.read(5, signal, timeoutMs, what);
  const type = String.fromCharCode(head[0]!);
  const len = head.readInt32BE(1);
  if (len < 4 || len > 1_000_000) throw Object.assign(new Error(`Unexpected reply from the server (message ${JSON.stringify(type)} of length ${len})`), { code: 'POOLSCOPE_PROTOCOL' });
  const body = len > 4 ? await reader.read(len - 4, signal, timeoutMs, what) : Buffer.alloc(0);
  return { type, body };
}

/** ErrorResponse / NoticeResponse fields: S severity, C SQLSTATE, M message. */
export function parseErrorFields(body: Buffer): { severity?: string; code?: string; message?: string } {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const field = String.fromCharCode(body[i]!);
    const end = body.indexOf(0, i + 1);
    if (end === -1) break;
    out[field] = body.toString('utf8', i + 1, end);
    i = end + 1;
  }
  return { severity: out.S, code: out.C, message: out.M };
}

const AUTH_METHODS: Record<number, string> = {
  0: 'trust',
  2: 'Kerberos V5',
  3: 'password (cleartext)',
  5: 'md5',
  7: 'GSSAPI',
  9: 'SSPI',
  10: 'SASL',
};

export interface AuthRequest {
  code: number;
  method: string;
  mechanisms?: string[];
}

/** The AuthenticationRequest a server sends after the startup message. */
export function describeAuthRequest(body: Buffer): AuthRequest {
  const code = body.readInt32BE(0);
  if (code !== 10) return { code, method: AUTH_METHODS[code] ?? `unknown (${code})` };
  const mechanisms = body
    .toString('utf8', 4)
    .split('\0')
    .filter((m) => m.length > 0);
  const method = mechanisms.includes('SCRAM-SHA-256') ? 'SCRAM-SHA-256' : `SASL (${mechanisms.join(', ')})`;
  return { code, method, mechanisms };
}

export interface PgAuthProbe {
  method?: AuthRequest;
  /** From ParameterStatus, only seen when the server let the user in without a password. */
  serverVersion?: string;
  backendPid?: number;
  /** An ErrorResponse the server sent instead (no pg_hba entry, too many connections, …). */
  error?: { code?: string; message?: string };
}

/**
 * Sends a startup message and reads what the server asks for. When it asks for a password the
 * probe stops there; when it lets the user straight in, it reads up to ReadyForQuery and says goodbye.
 */
export async function probeAuth(reader: SocketReader, params: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<PgAuthProbe> {
  reader.socket.write(startupMessage(params));
  const out: PgAuthProbe = {};
  for (let i = 0; i < 200; i++) {
    const msg = await readPgMessage(reader, signal, timeoutMs, 'The startup handshake');
    if (msg.type === 'E') {
      out.error = parseErrorFields(msg.body);
      return out;
    }
    if (msg.type === 'R') {
      const request = describeAuthRequest(msg.body);
      if (!out.method) out.method = request;
      if (request.code !== 0) return out;
      continue;
    }
    if (msg.type === 'S') {
      const [name, value] = msg.body.toString('utf8').split('\0');
      if (name === 'server_version') out.serverVersion = value;
    } else if (msg.type === 'K') {
      out.backendPid = msg.body.readInt32BE(0);
    } else if (msg.type === 'Z') {
      reader.socket.write(TERMINATE);
      return out;
    }
  }
  return out;
}

/** The first bytes a non-PostgreSQL server sent, as printable text for the error message. */
export function printable(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 60);
}
