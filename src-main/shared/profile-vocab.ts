import { BACKEND_INFO, type Backend, type PyDriver } from './backends';

/**
 * The words of a connection profile (environments, workloads, pool classes, TLS modes...) and the
 * helpers that only need them. No zod here: the UI's first chunk reads these, the schemas in
 * profile.ts are loaded with the sections that validate.
 */

export const ENVIRONMENTS = ['production', 'staging', 'test', 'local'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const WORKLOADS = ['oltp', 'bulk', 'read-mostly'] as const;
export type Workload = (typeof WORKLOADS)[number];

export const WORKLOAD_LABELS: Record<Workload, string> = {
  oltp: 'OLTP / API',
  bulk: 'Bulk / COPY',
  'read-mostly': 'Read-mostly',
};

/** `default` means "whatever SQLAlchemy picks for this URL" (AsyncAdaptedQueuePool, or StaticPool for in-memory SQLite). */
export const POOL_CLASSES = ['default', 'QueuePool', 'NullPool', 'StaticPool'] as const;
export type PoolClass = (typeof POOL_CLASSES)[number];

export const TLS_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const PASSWORD_MODES = ['none', 'saved', 'ask'] as const;
export type PasswordMode = (typeof PASSWORD_MODES)[number];

export const RESET_ON_RETURN = ['rollback', 'commit', 'none'] as const;

/** SQLAlchemy's `isolation_level` engine argument values (AUTOCOMMIT is SQLAlchemy's own). */
export const ISOLATION_LEVELS = ['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE', 'READ UNCOMMITTED', 'AUTOCOMMIT'] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** The Python driver SQLAlchemy users most often pick for this backend when none is chosen. */
export function defaultDriver(backend: Backend): PyDriver {
  return BACKEND_INFO[backend].drivers[0]!;
}

/** A short human description of where a profile points: `host:port/db`, a socket, or a file. */
export function describeTarget(p: { backend: Backend; host?: string | undefined; port?: number | undefined; socket?: string | undefined; database?: string | undefined }): string {
  if (p.backend === 'sqlite') return p.database || ':memory:';
  const where = p.socket ? p.socket : `${p.host ?? '127.0.0.1'}:${p.port ?? BACKEND_INFO[p.backend].defaultPort}`;
  return p.database ? `${where}/${p.database}` : where;
}
