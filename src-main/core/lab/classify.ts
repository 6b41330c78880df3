import { AppError } from '../../shared/errors';
import { DisconnectError, PoolClosedError, PoolTimeoutError } from '../pools/errors';
import type { WireSettings } from '../drivers/wire';
import { PREPARED_STATEMENT_KINDS } from '../../shared/lab-types';

type WireDriver = WireSettings['driver'];

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const AUTH_CODES = new Set(['28P01', '28000', 'ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR']);
const READ_ONLY_CODES = new Set(['25006', 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION']);

/** The kind of failure a load-lab request ran into, for "errors by kind"; prepared-statement failures are named as `driver` raises them. */
export function classifyError(err: unknown, driver: WireDriver = 'plain'): string {
  if (err instanceof PoolTimeoutError) return 'pool timeout';
  if (err instanceof DisconnectError) return 'disconnect';
  if (err instanceof PoolClosedError) return 'pool closed';
  if (err instanceof AppError) return err.code === 'FORBIDDEN' ? 'read-only' : err.code === 'CONNECTION_FAILED' ? 'connect' : 'other';
  const code = (err as { code?: unknown } | null)?.code;
  const c = typeof code === 'string' ? code : undefined;
  if (c && READ_ONLY_CODES.has(c)) return 'read-only';
  const prepared = c === '26000' || c === '42P05' ? PREPARED_STATEMENT_KINDS[c] : undefined;
  if (prepared) return prepared[driver];
  if (c && AUTH_CODES.has(c)) return 'auth';
  if (c && CONNECT_CODES.has(c)) return 'connect';
  if (/timeout expired|Connection terminated due to connection timeout/i.test((err as Error)?.message ?? '')) return 'connect';
  return 'query';
}

export function errorText(err: unknown): string {
  if (err instanceof PoolTimeoutError) return err.sqlalchemyText;
  const e = err as { message?: string; code?: unknown };
  const msg = e?.message ?? String(err);
  return e?.code !== undefined && e.code !== null && !msg.includes(String(e.code)) ? `${msg} [${String(e.code)}]` : msg;
}
