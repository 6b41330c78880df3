import { PY_DRIVER_INFO } from '../../../shared/backends';
import { MATRIX_ROWS } from '../../../shared/matrix';
import { PRODUCT_LABELS } from '../../../shared/facts';
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
    // The pooler row has its own, stricter rule (asyncpg-pgbouncer).
    if (c.ctx.driver !== cell.driver && cell.kind !== 'postgresql-pooler') {
      return outcome('info', `${PY_DRIVER_INFO[c.ctx.driver].label} where the matrix suggests ${PY_DRIVER_INFO[cell.driver].label} (${cell.source}).${note}`, why, evidence, patchFix(`Use ${PY_DRIVER_INFO[cell.driver].label}: ${cell.reasoning[0]}`, { service: { driver: cell.driver } }, `DATABASE_URL = "${cell.scheme}…"`));
    }
    return outcome(mismatch ? 'info' : 'pass', `${PY_DRIVER_INFO[c.ctx.driver].label} (${cell.scheme}) matches the matrix cell: ${cell.poolLabel}.${note}`, why, evidence);
  },
};
