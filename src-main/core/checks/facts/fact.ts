import type { Fact, FactName, FactValue } from '../../../shared/facts';
import { errorCode, errorMessage } from '../../drivers/types';

export type FactMap = Partial<Record<FactName, Fact>>;

export function known(value: FactValue, source: string, measured = true): Fact {
  return { value, source, measured };
}

export function unknown(reason: string, source: string): Fact {
  return { value: null, source, measured: false, unknown: reason };
}

/** A short reason for a failed query, e.g. "permission denied (42501)". */
export function reasonOf(err: unknown): string {
  const code = errorCode(err);
  const msg = errorMessage(err).split('\n')[0]!.slice(0, 160);
  return code && !msg.includes(code) ? `${msg} (${code})` : msg;
}

/**
 * Runs one query; a failure becomes a reason instead of an exception, because a missing privilege
 * or a variable an older server lacks must degrade one fact to "unknown", not the whole run.
 */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  }
}

/** Numbers arrive as strings from pg_settings and SHOW VARIABLES; keep text values as text. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** A row of name/value pairs (SHOW VARIABLES, pg_settings) as a map with lower-case keys. */
export function pairs(rows: Array<Record<string, unknown>>, nameKey: string, valueKey: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const r of rows) out.set(String(r[nameKey]).toLowerCase(), r[valueKey]);
  return out;
}

/** Fills every listed fact from a failed query with the same reason. */
export function allUnknown(names: FactName[], reason: string, source: string): FactMap {
  const out: FactMap = {};
  for (const n of names) out[n] = unknown(reason, source);
  return out;
}
