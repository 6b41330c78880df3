import type { TestSetup } from '../../shared/export/bundle';
import type { ServerFacts } from '../../shared/facts';
import { MATRIX_ROWS, matrixCell, serverKindOf } from '../../shared/matrix';
import type { ProfileData } from '../../shared/profile';

/**
 * Which set-up tests/conftest.py builds: the matrix's test column for this server. SQLite
 * connections test on aiosqlite in memory; servers test against the real backend (the test column
 * names the same driver), because only the real server shows its own behaviour: wait_timeout,
 * PgBouncer's prepared-statement errors, MySQL's isolation and charsets.
 */
export function testSetupFor(profile: ProfileData, facts: ServerFacts | null): TestSetup {
  const kind = serverKindOf(profile, facts).kind;
  const cell = matrixCell(kind, profile.service.workload, 'test');
  const row = MATRIX_ROWS.find((r) => r.kind === kind)!.label;
  if (cell.driver === 'aiosqlite') {
    return { kind: 'sqlite-memory', reason: `matrix test column for ${row}: ${cell.alternatives}; an in-memory database with StaticPool, created fresh for each test` };
  }
  return {
    kind: 'real-backend',
    reason: `matrix test column for ${row}: ${cell.alternatives}; the tests use the real server, each in a transaction rolled back afterwards (aiosqlite only suits models that are portable to SQLite)`,
  };
}
