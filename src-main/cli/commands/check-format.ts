import { evidenceText } from '../../shared/advice';
import { SEVERITY_LABELS, worstSeverity, type CheckResult, type CheckRun } from '../../shared/checks';
import { FACT_INFO, PRODUCT_LABELS, type FactName } from '../../shared/facts';
import { MATRIX_ROWS } from '../../shared/matrix';
import { PY_DRIVER_INFO } from '../../shared/backends';
import { WORKLOAD_LABELS } from '../../shared/profile';

/** `poolscope check` output for people: worst first, evidence and the fix under each problem. */
export function formatRun(run: CheckRun): string {
  const f = run.facts;
  const cell = run.advice.cell;
  const row = MATRIX_ROWS.find((r) => r.kind === cell.kind)!;
  const lines: string[] = [
    `Checks for ${run.label}: ${PRODUCT_LABELS[f.product]} ${f.version} at ${f.target}, measured ${f.measuredAt.replace('T', ' ').slice(0, 19)} UTC`,
    `Matrix: ${row.label}, ${cell.envGroup === 'production' ? 'production' : 'test / local'}, ${WORKLOAD_LABELS[cell.workload]} -> ${cell.driver ? PY_DRIVER_INFO[cell.driver].label : 'not for this environment'}, ${cell.poolLabel}`,
    '',
  ];
  for (const c of run.checks) lines.push(...formatCheck(c));
  if (run.changes.length) {
    lines.push('', `Changed since the last run (${run.previousRanAt ?? 'earlier'}):`);
    for (const ch of run.changes) lines.push(`  ${ch.id}: ${ch.from ?? 'new'} -> ${ch.to ?? 'no longer applies'}`);
  }
  const unknown = (Object.entries(f.facts) as Array<[FactName, NonNullable<(typeof f.facts)[FactName]>]>).filter(([, v]) => v.value === null);
  if (unknown.length) {
    lines.push('', 'Unknown facts:');
    for (const [name, v] of unknown) lines.push(`  ${FACT_INFO[name].label}: ${v.unknown}`);
  }
  const c = run.counts;
  lines.push('', `${c.fail} fail, ${c.warn} warn, ${c.info} info, ${c.pass} pass -> ${worstSeverity(run.checks) === 'fail' ? 'FAILED' : 'ok'}`);
  return lines.join('\n');
}

function formatCheck(c: CheckResult): string[] {
  const head = `${SEVERITY_LABELS[c.severity].toUpperCase().padEnd(4)}  ${c.id.padEnd(22)} ${c.summary}`;
  if (c.severity === 'pass') return [head];
  const out = [head];
  const ev = c.evidence.filter((e) => e.value !== null || e.unknown).map(evidenceText);
  if (ev.length) out.push(`      evidence: ${ev.join('; ')}`);
  if (c.fix) {
    out.push(`      fix: ${c.fix.summary}`);
    const patch = c.fix.patch;
    if (patch) {
      const parts = [
        ...Object.entries(patch.pool ?? {}).map(([k, v]) => `pool.${k}=${v}`),
        ...Object.entries(patch.service ?? {}).map(([k, v]) => `service.${k}=${v}`),
        ...Object.entries(patch.options ?? {}).map(([k, v]) => `options.${k}=${v}`),
      ];
      if (parts.length) out.push(`      settings: ${parts.join(', ')}`);
    }
    if (c.fix.sql) out.push(`      server: ${c.fix.sql}`);
  }
  return out;
}
