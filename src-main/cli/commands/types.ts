import { TARGETS, TARGET_LABELS, type Target, type TypesReport, type VerdictLevel } from '../../shared/typemap-model';
import { listSchemas, runTypes } from '../../core/introspect/run';
import { UsageError } from '../args';
import { COMMON_FLAGS, EXIT, table, type CliCommand } from '../command';
import { COMMAND_SUMMARIES } from '../registry';
import { resolveTarget } from '../resolve-target';
import { SSH_FLAG_SPECS, SSH_FLAGS_USAGE, applySshFlags } from '../ssh-flags';
import { compactTypesJson, narrowTypesJson, printTypesJson } from './types-json';

/**
 * `poolscope types <saved-name|url>`: the per-column mapping and the portability summary. With
 * --fail-on, exit 1 when any column (on the chosen targets) is at least that bad, so CI can keep a
 * schema portable.
 */
const FAIL_ON = ['unsupported', 'lossy'] as const;
const RANK: Record<VerdictLevel, number> = { portable: 0, lossy: 1, unsupported: 2 };

export const typesCommand: CliCommand = {
  name: 'types',
  summary: COMMAND_SUMMARIES.types,
  usage: `<saved-name|url> [--json] [--target sqlite|mysql|postgresql] [--fail-on unsupported|lossy] [--schema NAME] ${SSH_FLAGS_USAGE}`,
  flags: {
    ...COMMON_FLAGS,
    target: { type: 'string', value: 'sqlite|mysql|postgresql', description: 'Only judge portability to this target (default: all three).' },
    'fail-on': { type: 'string', value: 'unsupported|lossy', description: 'Exit 1 when a column is unsupported (or lossy or worse) on the target(s).' },
    schema: { type: 'string', value: 'NAME', description: 'PostgreSQL schema, MySQL database or SQLite attached database (default: the connection\'s own).' },
    ...SSH_FLAG_SPECS,
  },
  async run(args, ctx) {
    const [arg, ...extra] = args.positionals;
    if (!arg) throw new UsageError('Name a saved connection or give a URL.');
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const target = args.flags.target as string | undefined;
    if (target !== undefined && !(TARGETS as readonly string[]).includes(target)) throw new UsageError(`--target must be one of ${TARGETS.join(', ')}, not "${target}".`);
    const failOn = args.flags['fail-on'] as string | undefined;
    if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be unsupported or lossy, not "${failOn}".`);
    const schemaName = args.flags.schema as string | undefined;
    const resolved = resolveTarget(arg, ctx.core, (w) => ctx.io.err(w));
    const { profile } = applySshFlags(resolved.profile, args, ctx);
    if (schemaName) {
      // A schema that does not exist would give "0 tables" (or a catalog error) and pass any CI gate: say so instead.
      const schemas = await listSchemas({ profile, label: resolved.label, ...(resolved.password !== undefined ? { password: resolved.password } : {}), secrets: resolved.connect });
      if (!schemas.includes(schemaName)) throw new UsageError(`No schema named "${schemaName}" in ${resolved.label}. Schemas: ${schemas.slice(0, 20).join(', ') || '(none)'}.`);
    }
    const { report } = await runTypes({
      profile,
      label: resolved.label,
      ...(resolved.password !== undefined ? { password: resolved.password } : {}),
      secrets: resolved.connect,
      ...(schemaName ? { schema: schemaName } : {}),
    });
    const targets: Target[] = target ? [target as Target] : [...TARGETS];
    const failing = failOn ? report.summary.issues.filter((i) => targets.includes(i.target) && RANK[i.level] >= RANK[failOn as VerdictLevel]) : [];
    if (args.flags.json) {
      const json = compactTypesJson(report);
      ctx.io.out(printTypesJson(target ? narrowTypesJson(json, target as Target) : json));
    }
    else ctx.io.out(render(report, targets));
    if (failing.length) {
      ctx.io.err(`poolscope types: ${failing.length} column verdict(s) are ${failOn}${failOn === 'lossy' ? ' or worse' : ''} on ${targets.map((t) => TARGET_LABELS[t]).join(', ')}.`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};

const MARK: Record<VerdictLevel, string> = { portable: 'ok', lossy: 'LOSSY', unsupported: 'UNSUPPORTED' };

/** Why a table is blocked as a whole on a target: MySQL's row size, or a type the model cannot create. */
function wholeTable(report: TypesReport, table: string, target: Target): string {
  const i = report.summary.issues.find((x) => x.scope === 'table' && x.table === table && x.target === target);
  return i?.lost.includes('row size') ? 'row too large' : 'model type not creatable';
}

function render(report: TypesReport, targets: Target[]): string {
  const ddlOf = (r: TypesReport['columns'][number]['ddl'][Target]) => (r.ok ? r.ddl : 'error');
  const rows = report.columns.map((c) => [
    `${c.table}.${c.column}`,
    c.nativeType || '(none)',
    c.generic,
    ...targets.map((t) => `${ddlOf(c.ddl[t])} [${MARK[c.verdicts[t].level]}]`),
  ]);
  const out = [
    `${report.connectionName}: ${report.serverVersion}, schema ${report.schema}, ${report.summary.tables} tables, ${report.summary.columns} columns`,
    '',
    table(['COLUMN', 'NATIVE', 'SQLALCHEMY', ...targets.map((t) => TARGET_LABELS[t].toUpperCase())], rows),
    '',
    'Portability:',
  ];
  for (const t of targets) {
    const s = report.summary.targets[t];
    // On its own kind nothing moves: say what SQLAlchemy's types keep, not whether it "runs" there.
    const own = t === report.family;
    out.push(`  ${TARGET_LABELS[t].padEnd(10)} ${own ? '(this database) keeps' : s.runs ? 'runs' : 'BLOCKED'}: ${s.unsupported} unsupported, ${s.lossy} lossy, ${s.portable} portable${s.tableBlockers ? `, ${s.tableBlockers} table(s) blocked as a whole (row size, or a model type)` : ''}`);
  }
  const partitioned = report.tables.filter((t) => t.partitions?.length);
  if (partitioned.length) {
    out.push('', 'Partitioned tables (their partitions are not listed as tables):');
    for (const t of partitioned) out.push(`  ${t.name}: ${t.partitions!.length} partitions (${t.partitions!.slice(0, 4).join(', ')}${t.partitions!.length > 4 ? ', …' : ''})`);
  }
  const tables = report.tableSummaries.filter((t) => targets.some((x) => t.targets[x].unsupported + t.targets[x].lossy + t.targets[x].tableBlockers > 0));
  if (tables.length) {
    out.push('', 'Tables:');
    out.push(
      table(
        ['TABLE', ...targets.map((t) => TARGET_LABELS[t].toUpperCase())],
        tables.map((t) => [t.table, ...targets.map((x) => `${t.targets[x].runs ? 'runs' : 'BLOCKED'} (${t.targets[x].unsupported} unsupported, ${t.targets[x].lossy} lossy${t.targets[x].tableBlockers ? `, ${wholeTable(report, t.table, x)}` : ''})`)]),
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  const issues = report.summary.issues.filter((i) => targets.includes(i.target));
  if (issues.length) {
    out.push('', 'What does not survive as it is:');
    for (const i of issues) {
      out.push(`  ${TARGET_LABELS[i.target]}  ${i.scope === 'table' ? `${i.table} (whole table)` : `${i.table}.${i.column}`}  ${i.level}${i.lost.length ? ` (${i.lost.join(', ')})` : ''}`);
      out.push(`      ${i.detail}`);
      if (i.fix) out.push(`      fix: ${i.fix}`);
    }
  }
  out.push('', `Timings: introspection ${report.timings.introspectMs} ms, mapping ${report.timings.mapMs} ms.`);
  return out.join('\n');
}
