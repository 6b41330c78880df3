import { withoutCompatPrefix } from '../../../shared/server-version';
import type { SocketReader } from './net';

/**
 * Just enough of the MySQL client/server protocol to read the server's greeting (which the server
 * sends first) and to ask for TLS the way clients do, without authenticating.
 */

export const CLIENT_LONG_PASSWORD = 0x1;
export const CLIENT_PROTOCOL_41 = 0x200;
export const CLIENT_SSL = 0x800;
export const CLIENT_SECURE_CONNECTION = 0x8000;
export const CLIENT_PLUGIN_AUTH = 0x80000;

export interface Greeting {
  protocol: number;
  /** As sent: MariaDB prefixes "5.5.5-" for old clients. */
  rawVersion: string;
  serverVersion: string;
  connectionId: number;
  capabilities: number;
  sslOffered: boolean;
  authPlugin?: string;
}

export interface GreetingError {
  errno: number;
  sqlState?: string;
  message: string;
}

export interface Packet {
  seq: number;
  payload: Buffer;
}

export async function readPacket(reader: SocketReader, signal: AbortSignal, timeoutMs: number, what: string, maxLen = 16 * 1024 * 1024): Promise<Packet> {
  const head = await reader.read(4, signal, timeoutMs, what);
  const len = head.readUIntLE(0, 3);
  // A web server or another protocol sends text here; its "length" is then absurd.
  if (len > maxLen) throw Object.assign(new Error(`Unexpected reply (a packet of ${len} bytes)`), { code: 'POOLSCOPE_PROTOCOL', bytes: Buffer.concat([head, reader.peek()]) });
  const payload = len > 0 ? await reader.read(len, signal, timeoutMs, what) : Buffer.alloc(0);
  return { seq: head[3]!, payload };
}

/** Protocol::HandshakeV10, or the ERR packet a server sends instead (host not allowed, too many connections). */
export function parseGreeting(payload: Buffer): Greeting | GreetingError {
  if (payload[0] === 0xff) {
    const errno = payload.readUInt16LE(1);
    let rest = payload.subarray(3);
    let sqlState: string | undefined;
    if (rest[0] === 0x23) {
      sqlState = rest.toString('latin1', 1, 6);
      rest = rest.subarray(6);
    }
    return { errno, ...(sqlState ? { sqlState } : {}), message: rest.toString('utf8') };
  }
  if (payload[0] !== 10) throw Object.assign(new Error(`The server greeting has protocol version ${payload[0]}, not 10`), { code: 'POOLSCOPE_PROTOCOL', bytes: payload });
  const versionEnd = payload.indexOf(0, 1);
  if (versionEnd === -1) throw Object.assign(new Error('The server greeting is truncated'), { code: 'POOLSCOPE_PROTOCOL' });
  const rawVersion = payload.toString('utf8', 1, versionEnd);
  let i = versionEnd + 1;
  const connectionId = payload.readUInt32LE(i);
  i += 4 + 8 + 1; // auth-plugin-data part 1, filler
  let capabilities = payload.readUInt16LE(i);
  i += 2;
  let authPlugin: string | undefined;
  if (payload.length > i) {
    i += 1 + 2; // character set, status flags
    capabilities |= payload.readUInt16LE(i) << 16;
    i += 2;
    const authDataLen = payload[i]!;
    i += 1 + 10;
    if (capabilities & CLIENT_SECURE_CONNECTION) i += Math.max(13, authDataLen - 8);
    if (capabilities & CLIENT_PLUGIN_AUTH && i < payload.length) {
      const end = payload.indexOf(0, i);
      authPlugin = payload.toString('utf8', i, end === -1 ? payload.length : end);
    }
  }
  capabilities >>>= 0;
  return {
    protocol: 10,
    rawVersion,
    serverVersion: withoutCompatPrefix(rawVersion),
    connectionId,
    capabilities,
    sslOffered: (capabilities & CLIENT_SSL) !== 0,
    ...(authPlugin ? { authPlugin } : {}),
  };
}

export function isGreetingError(g: Greeting | GreetingError): g is GreetingError {
  return 'errno' in g;
}

/** Protocol::SSLRequest (sequence 1): the client's capabilities with CLIENT_SSL, then TLS starts. */
export function sslRequestPacket(): Buffer {
  const payload = Buffer.alloc(32);
  payload.writeUInt32LE((CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH) >>> 0, 0);
  payload.writeUInt32LE(16 * 1024 * 1024, 4);
  payload[8] = 45; // utf8mb4_general_ci
  const head = Buffer.from([32, 0, 0, 1]);
  return Buffer.concat([head, payload]);
}
