import type { Evidence, ProfilePatch } from '@shared/advice';
import { FACT_INFO, formatValue, type FactName } from '@shared/facts';
import { formatDateTime } from '../../format';

/** "just now", "4 min ago", "2 h ago", or the date. */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return formatDateTime(iso);
}

const isFact = (name: string): name is FactName => Object.prototype.hasOwnProperty.call(FACT_INFO, name);

export function evidenceLabel(e: Evidence): string {
  if (isFact(e.name)) return FACT_INFO[e.name].label;
  return e.name.replace(/^pool\./, 'pool: ').replace(/^service\./, 'service: ').replace(/^options\./, 'URL: ');
}

export function evidenceValue(e: Evidence): string {
  if (e.value === null) return e.unknown ? `unknown: ${e.unknown}` : 'not set';
  return isFact(e.name) ? formatValue(e.name, e.value) : String(e.value);
}

export function evidenceSource(e: Evidence): string {
  if (e.origin === 'profile') return 'saved settings';
  if (e.origin === 'default') return 'documented default';
  return `measured${e.product ? ` on ${e.product}${e.version ? ` ${e.version}` : ''}` : ''}`;
}

const KEYS: Record<string, string> = {
  poolClass: 'poolclass',
  poolSize: 'pool_size',
  maxOverflow: 'max_overflow',
  recycle: 'pool_recycle',
  prePing: 'pool_pre_ping',
  timeout: 'pool_timeout',
  isolationLevel: 'isolation_level',
  driver: 'driver',
  processes: 'processes',
  concurrencyPerProcess: 'concurrency per process',
  charset: 'charset',
};

/** `pool_recycle = 900, pool_pre_ping = true` for a button's description. */
export function describePatch(p: ProfilePatch): string {
  const parts = [...Object.entries(p.pool ?? {}), ...Object.entries(p.service ?? {}), ...Object.entries(p.options ?? {})];
  return parts.map(([k, v]) => `${KEYS[k] ?? k} = ${String(v)}`).join(', ');
}
