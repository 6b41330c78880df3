import { join } from 'node:path';
import { checksService, runChecksOnce } from '../../core/checks/service';
import { makeBundle, exportService } from '../../core/export/service';
import { writeBundle } from '../../core/export/write';
import { runTypes } from '../../core/introspect/run';
import { EXPORT_TARGETS, type ExportTarget } from '../../shared/export/bundle';
import { AppError } from '../../shared/errors';
import type { ServerFacts } from '../../shared/facts';
import { TARGETS, TARGET_LABELS, type ModelVariant, type Target } from '../../shared/typemap-model';
import { modelTargets } from '../../core/typemap/models';
import { UsageError, type ParsedArgs } from '../args';
import { COMMON_FLAGS, EXIT, type CliCommand, type CliContext } from '../command';
import { COMMAND_SUMMARIES } from '../registry';
import { PROFILE_FLAGS_USAGE, PROFILE_FLAG_SPECS, commandTarget, connectPassword, type CommandTarget } from '../profile-flags';

const VARIANTS = ['portable', 'faithful'] as const;

/**
 * The facts the export's reasons cite. By default a saved connection uses its last check run (as
 * the Export tab does) and is measured only when it has none; a URL is always measured.
 * --measure forces a fresh run, --no-measure never connects.
 */
async function factsFor(t: CommandTarget, args: ParsedArgs, ctx: CliContext): Promise<ServerFacts | null> {
  const measure = args.flags.measure as boolean | undefined;
  const id = t.target.savedId;
  const stored = id ? (checksService(ctx.core()).last(id)?.facts ?? null) : null;
  if (measure === false || (measure === undefined && stored)) return stored;
  const password = connectPassword(t);
  if (id && !t.overridden) return (await checksService(ctx.core()).runSaved(id, password)).facts;
  return (await runChecksOnce({ profile: t.profile, password, secrets: t.target.connect, label: t.target.label, ...(id ? { nativeBinding: ctx.core().options.nativeBinding } : {}) })).facts;
}

async function modelsFor(t: CommandTarget, args: ParsedArgs) {
  const variant = args.flags.models as string | undefined;
  const tables = args.flags.tables as string | undefined;
  if (variant === undefined) {
    if (tables !== undefined) throw new UsageError('--tables needs --models portable|faithful.');
    return undefined;
  }
  if (!(VARIANTS as readonly string[]).includes(variant)) throw new UsageError(`--models must be portable or faithful, not "${variant}".`);
  const { schema } = await runTypes({ profile: t.profile, label: t.target.label, ...(t.target.password !== undefined ? { password: t.target.password } : {}), secrets: t.target.connect });
  const chosen = tables ? tables.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const known = new Set(schema.tables.map((x) => x.name));
  const missing = chosen.filter((x) => !known.has(x));
  if (missing.length) throw new UsageError(`No table named ${missing.map((m) => `"${m}"`).join(', ')}. Tables: ${[...known].slice(0, 20).join(', ')}.`);
  return { schema, tables: chosen, variant: variant as ModelVariant };
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: COMMAND_SUMMARIES.export,
  usage: `<saved-name|url> --out DIR [--target python|node] [--models portable|faithful [--models-only] [--tables a,b] [--fail-on all|postgresql,mysql,sqlite]] [--measure|--no-measure] [--force] [--json] ${PROFILE_FLAGS_USAGE}`,
  flags: {
    ...COMMON_FLAGS,
    out: { type: 'string', value: 'DIR', description: 'Folder to write into (created when missing).' },
    target: { type: 'string', value: EXPORT_TARGETS.join('|'), description: 'python (default): db.py and friends; node: pg / mysql2 pool options.' },
    models: { type: 'string', value: VARIANTS.join('|'), description: 'Also write models.py from the live schema, in this variant.' },
    'models-only': { type: 'boolean', description: 'With --models: write models.py alone (no db.py, .env.example …); the server is not measured.' },
    tables: { type: 'string', value: 'a,b', description: 'With --models: only these tables (default: all).' },
    'fail-on': { type: 'string', value: 'all|postgresql,mysql,sqlite', description: 'With --models: exit 1 when models.py would not create unmodified on one of these backends (the files are still written).' },
    measure: { type: 'boolean', description: 'Measure the server now (default: only when there is no stored check run); --no-measure never connects.' },
    force: { type: 'boolean', description: 'Replace files in DIR that have other content (refused otherwise).' },
    ...PROFILE_FLAG_SPECS,
  },
  async run(args, ctx) {
    const out = args.flags.out as string | undefined;
    if (!out) throw new UsageError('Say where to write the files: --out DIR.');
    const target = (args.flags.target as string | undefined) ?? 'python';
    if (!(EXPORT_TARGETS as readonly string[]).includes(target)) throw new UsageError(`--target must be one of ${EXPORT_TARGETS.join(', ')}, not "${target}".`);
    const failOn = parseFailOn(args);
    const modelsOnly = args.flags['models-only'] === true;
    if (modelsOnly && args.flags.models === undefined) throw new UsageError('--models-only needs --models portable|faithful: it says which models.py to write.');
    if (modelsOnly && args.flags.target !== undefined && target !== 'python') throw new UsageError('--models-only writes Python models; drop --target node.');
    const t = commandTarget(args, ctx, 'poolscope export "Demo (SQLite)" --out ./db-config');
    const models = await modelsFor(t, args);
    // models.py is built from the live schema alone: --models-only never runs the checks.
    const facts = modelsOnly ? null : await factsFor(t, args, ctx);
    // The profile and facts hold no password, so neither can any generated file.
    const full = makeBundle({ profile: t.profile, facts, label: t.target.label, target: target as ExportTarget, ...(models ? { models } : {}) }, t.target.savedId);
    const bundle = modelsOnly ? { ...full, files: full.files.filter((f) => f.path === 'models.py') } : full;
    let result;
    try {
      result = writeBundle(out, bundle.files, { overwrite: args.flags.force === true });
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') throw new AppError('CONFLICT', err.message, 'Nothing was written. Pick another --out folder, or add --force to replace them.', err.details);
      throw err;
    }
    // The export history lists whole config bundles; models.py alone is not one.
    if (t.target.savedId && !modelsOnly) exportService(ctx.core()).record(bundle, 'cli');
    const verdict = models ? modelTargets(models.schema, models.tables, models.variant) : null;
    if (args.flags.json) {
      ctx.io.out(JSON.stringify({ label: bundle.label, dir: result.dir, files: bundle.files.map((f) => ({ path: f.path, unchanged: result.unchanged.includes(f.path), summary: f.summary })), basis: bundle.basis, ...(verdict ? { models: { variant: models!.variant, runs: verdict.runs, blockers: verdict.blockers } } : {}) }, null, 2));
    }
    const width = Math.max(...bundle.files.map((f) => f.path.length));
    const b = bundle.basis;
    if (args.flags.json) {
      // stdout holds the JSON; the verdict below still decides the exit code.
    } else if (modelsOnly) ctx.io.out(bundle.files.map((f) => `${join(result.dir, f.path)}  ${result.unchanged.includes(f.path) ? '(unchanged) ' : ''}${f.summary}`).join('\n'));
    else ctx.io.out(
      [
        `Config for ${bundle.label} in ${result.dir}:`,
        ...bundle.files.map((f) => `  ${f.path.padEnd(width)}  ${result.unchanged.includes(f.path) ? '(unchanged) ' : ''}${f.summary}`),
        '',
        b.measured ? `Reasons cite ${b.measured.product} ${b.measured.version} measured on ${b.measured.measuredAt.slice(0, 10)}.` : 'The server was not measured: reasons cite the profile and documented defaults.',
        `Driver ${b.driver}, pool ${b.poolClass}${b.testSetup ? `; tests: ${b.testSetup.kind === 'sqlite-memory' ? 'in-memory aiosqlite' : 'the real server, rolled back per test'}` : ''}.`,
        ...b.notes.map((n) => `Note: ${n}`),
      ].join('\n'),
    );
    if (!models || !verdict) return EXIT.ok;
    const { runs, blockers } = verdict;
    const missing = TARGETS.filter((x) => !runs.includes(x));
    const label = (x: Target) => TARGET_LABELS[x] + (x === 'mysql' ? '/MariaDB' : '');
    if (missing.length) {
      const why = blockers.slice(0, 5).map((x) => `  ${x.table} on ${label(x.target)}: ${x.detail.length > 160 ? `${x.detail.slice(0, 157)}...` : x.detail}`);
      const more = blockers.length > 5 ? [`  … and ${blockers.length - 5} more (poolscope types shows them all).`] : [];
      const variantNote = models.variant === 'faithful' ? ` (the faithful variant is written for ${label(models.schema.family)} only; --models portable targets all three)` : '';
      ctx.io.err([`Warning: models.py would not create unmodified on ${missing.map(label).join(', ')}${variantNote}.`, ...why, ...more].join('\n'));
    } else if (!args.flags.json) ctx.io.out(`models.py checked for ${runs.map(label).join(', ')}.`);
    const failing = failOn ? missing.filter((x) => failOn.includes(x)) : [];
    if (failing.length) {
      ctx.io.err(`poolscope export: --fail-on ${failOn!.join(',')}: models.py would not run on ${failing.map(label).join(', ')} (the files were written).`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};

function parseFailOn(args: ParsedArgs): Target[] | null {
  const v = args.flags['fail-on'] as string | undefined;
  if (v === undefined) return null;
  if (args.flags.models === undefined) throw new UsageError('--fail-on needs --models portable|faithful: it judges models.py.');
  if (v === 'all') return [...TARGETS];
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !(TARGETS as readonly string[]).includes(x));
  if (!list.length || bad.length) throw new UsageError(`--fail-on takes all or a comma list of ${TARGETS.join(', ')}, not "${v}".`);
  return list as Target[];
}
