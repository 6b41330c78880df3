import { inject } from 'vitest';

/** Why a server-backed suite cannot run here, or null when it can. Used with describe.skipIf, so the reason is printed. */
export function serverMissing(kind: 'postgres' | 'mysql'): string | null {
  return inject('servers')[kind];
}
