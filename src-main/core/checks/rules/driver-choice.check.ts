import { BACKEND_INFO, PY_DRIVER_INFO } from '../../../shared/backends';
import { MATRIX_ROWS } from '../../../shared/matrix';
import { PRODUCT_LABELS, factNumber } from '../../../shared/facts';
import { outcome, own, patchFix, type Rule } from '../rule';

export const driverChoiceRule: Rule = {
  id: 'driver-choice',
  title: 'Driver against the selection matrix',
  evaluate(c) {
    const cell = c.ctx.cell;
    const row = MATRIX_ROWS.find((r) => r.kind === cell.kind)!;
    const why = `The selection matrix puts this server in "${row.label}" (${c.ctx.kind.basis}). ${cell.reasoning[0]}`;
    const evidence = [own('service.driver', c.profile.service.driver ?? null), own('service.environment', c.profile.service.environment), own('service.workload', c.profile.service.workload)];
    if (cell.driver === null) {
      return outcome('fail', `${row.label} in ${c.profile.service.environment}: ${cell.alternatives}.`, why, evidence, { summary: cell.alternatives });
    }
    const mismatch = c.facts.family === 'mysql' && c.facts.product !== c.profile.backend;
    const note = mismatch ? ` The profile says ${c.profile.backend}, the server is ${PRODUCT_LABELS[c.facts.product]} ${c.facts.version}.` : '';
    const scheme = (d: typeof c.ctx.driver) => `${BACKEND_INFO[c.profile.backend].dialect}+${d}://`;
    if (c.ctx.driver !== cell.driver && cell.kind === 'postgresql-pooler') {
      // Behind the pooler the stricter asyncpg-pgbouncer check owns the verdict and the fix; this one only says where the driver stands.
      const tracked = factNumber(c.facts, 'pooler.max_prepared_statements');
      const works = c.ctx.poolerTracksPrepared
        ? `${c.ctx.poolerName} tracks prepared statements (max_prepared_statements=${tracked}), so ${PY_DRIVER_INFO[c.ctx.driver].label} works here too (the asyncpg-pgbouncer check has the details)`
        : `the asyncpg-pgbouncer check says whether ${PY_DRIVER_INFO[c.ctx.driver].label} works behind this pooler and what it needs`;
      return outcome(
        'info',
        `${PY_DRIVER_INFO[c.ctx.driver].label} where the matrix suggests ${PY_DRIVER_INFO[cell.driver].label} (${cell.scheme}, ${cell.poolLabel}): ${works}.${note}`,
        why,
        evidence,
      );
    }
    if (c.ctx.driver !== cell.driver) {
      return outcome('info', `${PY_DRIVER_INFO[c.ctx.driver].label} where the matrix suggests ${PY_DRIVER_INFO[cell.driver].label} (${cell.source}).${note}`, why, evidence, patchFix(`Use ${PY_DRIVER_INFO[cell.driver].label}: ${cell.reasoning[0]}`, { service: { driver: cell.driver } }, `DATABASE_URL = "${cell.scheme}…"`));
    }
    return outcome(mismatch ? 'info' : 'pass', `${PY_DRIVER_INFO[c.ctx.driver].label} (${scheme(c.ctx.driver)}) matches the matrix cell: ${cell.poolLabel}.${note}`, why, evidence);
  },
};
