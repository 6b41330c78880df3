import { PY_DRIVER_INFO } from '../../shared/backends';
import type { ExportBasis, ExportFile } from '../../shared/export/bundle';
import { recommend } from '../advice/recommend';
import { conftestPy, testDatabasePy } from './conftest-py';
import type { ExportContext, ExportInput } from './context';
import { dbPy } from './db-py';
import { envExample } from './env-example';
import { modelsPy } from './models-py';
import { nodePool } from './node-pool';
import { requirementsTestTxt, requirementsTxt } from './requirements';
import { testSetupFor } from './test-setup';

export interface GeneratedBundle {
  files: ExportFile[];
  basis: ExportBasis;
}

/**
 * The config export: every file from one recommendation (the same engine as the checks and the
 * matrix). Pure: the same input gives the same files, which is what the snapshot tests pin down.
 */
export function generateBundle(input: ExportInput): GeneratedBundle {
  const rec = recommend(input.profile, input.facts);
  const ctx: ExportContext = { ...input, rec, testSetup: testSetupFor(input.profile, input.facts) };
  const python = input.target === 'python';
  const candidates: Array<ExportFile | null> = python
    ? [dbPy(ctx), envExample(ctx), requirementsTxt(ctx), requirementsTestTxt(ctx), conftestPy(ctx), testDatabasePy(ctx), modelsPy(ctx)]
    : [nodePool(ctx), envExample(ctx)];
  const files = candidates.filter((f): f is ExportFile => f !== null);
  const f = input.facts;
  return {
    files,
    basis: {
      measured: f ? { product: f.product, version: f.version, target: f.target, measuredAt: f.measuredAt } : null,
      serverKind: rec.serverKind,
      driver: python ? PY_DRIVER_INFO[rec.driver.value].label : input.profile.backend === 'postgresql' ? 'pg' : 'mysql2',
      poolClass: python ? pythonPool(rec.poolClass.value, rec.serverKind) : input.profile.backend === 'postgresql' ? `pg.Pool${rec.poolClass.value === 'NullPool' ? ' (maxUses 1, as NullPool)' : ''}` : 'mysql2 createPool',
      testSetup: python ? ctx.testSetup : null,
      notes: rec.notes,
    },
  };
}

function pythonPool(cls: string, kind: string): string {
  return cls === 'default' ? `default (${kind === 'sqlite-memory' ? 'StaticPool' : 'AsyncAdaptedQueuePool'})` : cls;
}

/** Node services have a pool file only for network servers: better-sqlite3 opens one synchronous handle per process. */
export function targetAvailable(backend: ExportInput['profile']['backend'], target: ExportInput['target']): boolean {
  return target === 'python' || backend !== 'sqlite';
}
