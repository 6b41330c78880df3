import { BACKEND_INFO, PY_DRIVER_INFO, familyOf, type BackendFamily, type PyDriver } from '../../shared/backends';
import { factNumber, factString, type ServerFacts } from '../../shared/facts';
import { matrixCell, serverKindOf, type MatrixCell, type ServerKindDecision } from '../../shared/matrix';
import type { ProfileData } from '../../shared/profile';
import { headroomOf, type HeadroomReading } from './headroom';

/** Everything the advice functions look at, worked out once per recommendation. */
export interface AdviceContext {
  profile: ProfileData;
  facts: ServerFacts | null;
  family: BackendFamily;
  kind: ServerKindDecision;
  cell: MatrixCell;
  /** The driver the recommendation is for: the profile's choice when it fits the backend, else the matrix cell's. */
  driver: PyDriver;
  driverOrigin: 'profile' | 'matrix';
  /** A pooler in transaction or statement mode (or one whose mode could not be read) sits in between. */
  pooled: boolean;
  /**
   * The pooler tracks protocol-level named prepared statements in transaction and statement mode
   * (PgBouncer 1.21+ with max_prepared_statements > 0, read from SHOW CONFIG): drivers may prepare
   * as they do on a direct connection. False when the setting is 0, absent or unreadable.
   */
  poolerTracksPrepared: boolean;
  poolerName: string;
  headroom: HeadroomReading;
}

export function adviceContext(profile: ProfileData, facts: ServerFacts | null): AdviceContext {
  const family = familyOf(profile.backend);
  const kind = serverKindOf(profile, facts);
  const cell = matrixCell(kind.kind, profile.service.workload, profile.service.environment);
  const chosen = profile.service.driver;
  const fits = chosen !== undefined && PY_DRIVER_INFO[chosen].family === family;
  const driver: PyDriver = fits ? chosen : (cell.driver ?? BACKEND_INFO[profile.backend].drivers[0]!);
  return {
    profile,
    facts,
    family,
    kind,
    cell,
    driver,
    driverOrigin: fits ? 'profile' : 'matrix',
    pooled: kind.kind === 'postgresql-pooler',
    poolerTracksPrepared: kind.kind === 'postgresql-pooler' && (factNumber(facts, 'pooler.max_prepared_statements') ?? 0) > 0,
    poolerName: factString(facts, 'pooler.product') ?? 'the pooler',
    headroom: headroomOf(facts),
  };
}
