import type { PyDriver } from './backends';
import type { FactValue, Product } from './facts';
import type { IsolationLevel, PoolSettings, ProfileData, ServiceSettings } from './profile';
import type { MatrixCell, ServerKind } from './matrix';
import type { PoolSizing, ServerHeadroom } from './pool-sizing';

/**
 * The recommendation engine's output types. One engine (core/advice) produces them; the checks,
 * the matrix view and the config export all read the same values and the same reasons.
 */

/** Where a value behind a recommendation came from, so a reason can cite it exactly. */
export interface Evidence {
  /** A fact name (`wait_timeout`) or a profile field (`pool.recycle`). */
  name: string;
  value: FactValue | null;
  origin: 'server' | 'profile' | 'default';
  product?: Product;
  version?: string;
  /** ISO time of the measurement (server facts only). */
  measuredAt?: string;
  /** Why the value is unknown, when it is. */
  unknown?: string;
}

/** Pool classes as written in Python: `default` means "leave poolclass out, SQLAlchemy picks". */
export type PythonPoolClass = 'default' | 'AsyncAdaptedQueuePool' | 'NullPool' | 'StaticPool';

export interface AdvisedSetting<T> {
  /** The `create_async_engine` keyword, e.g. `pool_recycle`. */
  key: string;
  value: T;
  /** The value as Python source, e.g. `900`, `True`, `"READ COMMITTED"`, `NullPool`; empty for poolclass `default` (leave the argument out). */
  python: string;
  /** One line: why this value, citing what was measured. */
  reason: string;
  evidence: Evidence[];
  /** measured: derived from server facts; profile: the saved setting kept; default: SQLAlchemy's default; matrix: the selection matrix. */
  origin: 'measured' | 'profile' | 'default' | 'matrix';
  /** True when it differs from what the profile says today. */
  changed: boolean;
}

/** One driver argument, in `connect_args` or in the URL's query string. */
export interface ConnectArgAdvice {
  key: string;
  /** A Python expression: `0`, `None`, `lambda: f"__asyncpg_{uuid4()}__"`. */
  python: string;
  where: 'connect_args' | 'url';
  /** Python imports the expression needs, e.g. `from uuid import uuid4`. */
  imports: string[];
  /** Statements that must run before `create_async_engine(...)`, e.g. building the SSLContext `python` names. */
  setup?: string[];
  /** Environment variables the setup reads (a secret such as the client key's passphrase); .env.example names each with a placeholder. */
  env?: string[];
  reason: string;
  evidence: Evidence[];
}

/** A change to a saved profile: what "apply fix" sends through connections.update. */
export interface ProfilePatch {
  pool?: Partial<PoolSettings>;
  service?: Partial<ServiceSettings>;
  options?: { charset?: string };
}

export interface Recommendation {
  /** The matrix row the server was placed in, and the cell for this environment and workload. */
  serverKind: ServerKind;
  /** How the server kind was decided (detected facts, or only the saved backend). */
  serverKindBasis: string;
  cell: MatrixCell;
  driver: AdvisedSetting<PyDriver>;
  /** The SQLAlchemy URL without a password, with the query parameters below. */
  url: { value: string; scheme: string; reason: string };
  poolClass: AdvisedSetting<PythonPoolClass>;
  /** Only for queue pools: NullPool and StaticPool reject these arguments. */
  poolSize: AdvisedSetting<number> | null;
  maxOverflow: AdvisedSetting<number> | null;
  poolTimeout: AdvisedSetting<number> | null;
  poolRecycle: AdvisedSetting<number>;
  prePing: AdvisedSetting<boolean>;
  isolationLevel: AdvisedSetting<IsolationLevel | null>;
  connectArgs: ConnectArgAdvice[];
  sizing: PoolSizing;
  /** What the server had left when measured, for re-sizing in the UI; absent when not measured. */
  headroom?: ServerHeadroom;
  /** Everything above that differs from the profile, as one patch ("apply all"). */
  patch: ProfilePatch;
  notes: string[];
}

/** `wait_timeout=1800 measured on mariadb 10.11.19 on 2026-11-24`, `pool.recycle=-1 in the profile`. */
export function evidenceText(e: Evidence): string {
  if (e.value === null && e.origin !== 'profile') return `${e.name} unknown${e.unknown ? ` (${e.unknown})` : ''}`;
  const value = e.value === null ? 'not set' : String(e.value);
  if (e.origin === 'profile') return `${e.name}=${value} in the profile`;
  if (e.origin === 'default') return `${e.name}=${value} (documented default)`;
  const on = e.product ? ` on ${e.product}${e.version ? ` ${e.version}` : ''}` : '';
  const when = e.measuredAt ? ` on ${e.measuredAt.slice(0, 10)}` : '';
  return `${e.name}=${value} measured${on}${when}`;
}

/** Python literal for a JSON-ish value. */
export function pythonLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** True when applying the patch would change nothing. */
export function isEmptyPatch(p: ProfilePatch): boolean {
  return Object.keys(p.pool ?? {}).length === 0 && Object.keys(p.service ?? {}).length === 0 && Object.keys(p.options ?? {}).length === 0;
}

/** The profile with a patch applied: what "apply fix" saves through connections.update. */
export function applyPatch<P extends Pick<ProfileData, 'pool' | 'service' | 'options'>>(profile: P, patch: ProfilePatch): P {
  return {
    ...profile,
    pool: { ...profile.pool, ...patch.pool },
    service: { ...profile.service, ...patch.service },
    options: { ...profile.options, ...patch.options },
  };
}

/** Several patches as one (later ones win). */
export function mergePatches(...patches: ProfilePatch[]): ProfilePatch {
  const out: ProfilePatch = {};
  for (const p of patches) {
    if (p.pool) out.pool = { ...out.pool, ...p.pool };
    if (p.service) out.service = { ...out.service, ...p.service };
    if (p.options) out.options = { ...out.options, ...p.options };
  }
  return out;
}
