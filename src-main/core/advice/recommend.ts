import type { AdvisedSetting, ProfilePatch, Recommendation } from '../../shared/advice';
import { PRODUCT_LABELS, type ServerFacts } from '../../shared/facts';
import { BACKEND_INFO } from '../../shared/backends';
import type { ProfileData } from '../../shared/profile';
import { adviceContext } from './context';
import { adviseConnectArgs, adviseDriver, adviseIsolation, adviseUrl } from './driver';
import { cite, factEvidence, profileEvidence, setting } from './evidence';
import { PYTHON_TO_PROFILE, advisePoolClass, advisePrePing, adviseRecycle, adviseSizing, effectivePool } from './pool';

/**
 * The recommendation engine: pure functions over a saved profile and the facts measured on its
 * server (null before the first check). The checks take their fixes from it, the matrix view its
 * highlighted cell, and the config export its settings with a one-line reason each.
 */
export function recommend(profile: ProfileData, facts: ServerFacts | null): Recommendation {
  const ctx = adviceContext(profile, facts);
  const driver = adviseDriver(ctx);
  const poolClass = advisePoolClass(ctx);
  const pool = effectivePool(poolClass.value, ctx.kind.kind === 'sqlite-memory');
  const sizing = adviseSizing(ctx);
  const queue = pool === 'queue';
  const sizeReason = `${sizing.reason}`;
  const poolSize = queue
    ? setting('pool_size', sizing.poolSize, {
        current: profile.pool.poolSize,
        origin: sizing.budget !== null || sizing.concurrencyPerProcess !== undefined ? 'measured' : 'profile',
        evidence: [profileEvidence('pool.poolSize', profile.pool.poolSize), profileEvidence('service.processes', profile.service.processes), ...ctx.headroom.evidence],
        reason: sizeReason,
      })
    : null;
  const maxOverflow = queue
    ? setting('max_overflow', sizing.maxOverflow, {
        current: profile.pool.maxOverflow,
        origin: sizing.budget !== null || sizing.concurrencyPerProcess !== undefined ? 'measured' : 'profile',
        evidence: [profileEvidence('pool.maxOverflow', profile.pool.maxOverflow), ...ctx.headroom.evidence],
        reason: sizeReason,
      })
    : null;
  const poolTimeout = queue
    ? setting('pool_timeout', profile.pool.timeout, {
        current: profile.pool.timeout,
        origin: profile.pool.timeout === 30 ? 'default' : 'profile',
        evidence: [profileEvidence('pool.timeout', profile.pool.timeout)],
        reason: profile.pool.timeout === 30 ? "SQLAlchemy's default: a checkout waits 30 s before TimeoutError" : 'kept from the profile',
      })
    : null;
  const poolRecycle = adviseRecycle(ctx, pool);
  const prePing = advisePrePing(ctx, pool);
  const connectArgs = adviseConnectArgs(ctx);
  const url = adviseUrl(ctx, connectArgs);
  const isolationLevel = adviseIsolation(ctx);

  const notes: string[] = [];
  if (!ctx.kind.detected) notes.push(`The server has not been checked yet: ${ctx.kind.basis}.`);
  if (ctx.poolerTracksPrepared && ctx.driver === 'asyncpg') {
    notes.push(
      `${ctx.poolerName} tracks protocol-level prepared statements (${cite(factEvidence(facts, 'pooler.max_prepared_statements'))}): asyncpg's statement cache and SQLAlchemy's stay on, and prepared_statement_name_func is not needed (PgBouncer renames statements per server connection). If max_prepared_statements is set back to 0, add statement_cache_size=0, prepared_statement_cache_size=0 and unique statement names again.`,
    );
  }
  if (ctx.headroom.missing && ctx.family !== 'sqlite') notes.push(`Pool size not checked against the server: ${ctx.headroom.missing}.`);
  if (facts && facts.product !== profile.backend && facts.family !== 'sqlite' && facts.family !== 'postgresql') {
    notes.push(`The profile says ${BACKEND_INFO[profile.backend].label}, the server is ${PRODUCT_LABELS[facts.product]} ${facts.version}.`);
  }

  const rec: Omit<Recommendation, 'patch'> = {
    serverKind: ctx.kind.kind,
    serverKindBasis: ctx.kind.basis,
    cell: ctx.cell,
    driver,
    url,
    poolClass,
    poolSize,
    maxOverflow,
    poolTimeout,
    poolRecycle,
    prePing,
    isolationLevel,
    connectArgs,
    sizing,
    ...(ctx.headroom.headroom ? { headroom: ctx.headroom.headroom } : {}),
    notes,
  };
  return { ...rec, patch: patchOf(profile, rec) };
}

const changed = <T>(s: AdvisedSetting<T> | null): s is AdvisedSetting<T> => s !== null && s.changed;

/** The recommendation as changes to the saved profile, for "apply all" and for the checks' fixes. */
function patchOf(profile: ProfileData, r: Omit<Recommendation, 'patch'>): ProfilePatch {
  const pool: ProfilePatch['pool'] = {};
  const service: ProfilePatch['service'] = {};
  const options: ProfilePatch['options'] = {};
  if (changed(r.driver)) service.driver = r.driver.value;
  if (changed(r.poolClass)) pool.poolClass = PYTHON_TO_PROFILE[r.poolClass.value];
  if (changed(r.poolSize)) pool.poolSize = r.poolSize.value;
  if (changed(r.maxOverflow)) pool.maxOverflow = r.maxOverflow.value;
  if (changed(r.poolRecycle)) pool.recycle = r.poolRecycle.value;
  if (changed(r.prePing)) pool.prePing = r.prePing.value;
  if (changed(r.isolationLevel) && r.isolationLevel.value !== null) service.isolationLevel = r.isolationLevel.value;
  const charset = r.connectArgs.find((a) => a.key === 'charset');
  if (charset && profile.options.charset !== charset.python) options.charset = charset.python;
  return {
    ...(Object.keys(pool).length ? { pool } : {}),
    ...(Object.keys(service).length ? { service } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

export { adviceContext } from './context';
export { headroomOf, USAGE_TARGET } from './headroom';
export { effectivePool, isLoopback, PROFILE_TO_PYTHON } from './pool';
