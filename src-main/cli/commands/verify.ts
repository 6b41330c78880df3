import { existsSync } from 'node:fs';
import { PY_DRIVERS, type PyDriver } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { scenarioSchema, type Scenario, type ScenarioInput } from '../../shared/lab-types';
import { defaultDriver, profileInputSchema, type ProfileData } from '../../shared/profile';
import { VERIFY_SOURCES, type VerifyRunDto, type VerifySource } from '../../shared/verify-types';
import { checksService } from '../../core/checks/service';
import { pickInterpreter } from '../../core/verify/service';
import { resolveInterpreter } from '../../core/verify/interpreters';
import { startVerify } from '../../core/verify/verify-run';
import { UsageError, type ParsedArgs } from '../args';
import { COMMON_FLAGS, EXIT, table, type CliCommand, type CliContext } from '../command';
import { COMMAND_SUMMARIES } from '../registry';
import { checkDriverFits, connectPassword } from '../profile-flags';
import { resolveTarget } from '../resolve-target';
import { applySshFlags, SSH_FLAG_SPECS, SSH_FLAGS_USAGE } from '../ssh-flags';

function num(args: ParsedArgs, flag: string): number | undefined {
  const v = args.flags[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`--${flag} must be a number, not "${String(v)}".`);
  return v;
}

/** The load lab's scenario from the flags (the lab's defaults otherwise: 10 workers for 10 s, SELECT 1). */
export function scenarioFromFlags(args: ParsedArgs): Scenario {
  const sql = args.flags.sql as string | undefined;
  const sleep = num(args, 'sleep');
  if (sql !== undefined && sleep !== undefined) throw new UsageError('Give --sql or --sleep, not both.');
  const input: ScenarioInput = {
    concurrency: num(args, 'concurrency') ?? 10,
    durationSec: num(args, 'duration') ?? 10,
    rampSec: num(args, 'ramp') ?? 0,
    holdMs: num(args, 'hold-ms') ?? 0,
    thinkMs: num(args, 'think-ms') ?? 0,
    query: sql !== undefined ? { kind: 'custom', sql } : sleep !== undefined ? { kind: 'sleep', seconds: sleep } : { kind: 'select1' },
    commit: args.flags.commit === true,
    driverRecipe: args.flags.recipe === true,
  };
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { concurrency: '--concurrency', durationSec: '--duration', rampSec: '--ramp', holdMs: '--hold-ms', thinkMs: '--think-ms' }[String(issue.path[0])] ?? issue.path.join('.');
    throw new UsageError(`${flag}: ${issue.message}.`);
  }
  return parsed.data;
}

function withPoolFlags(profile: ProfileData, args: ParsedArgs, label: string): ProfileData {
  const copy = structuredClone(profile);
  const size = num(args, 'pool-size');
  const overflow = num(args, 'max-overflow');
  const timeout = num(args, 'pool-timeout');
  if (size !== undefined) copy.pool.poolSize = size;
  if (overflow !== undefined) copy.pool.maxOverflow = overflow;
  if (timeout !== undefined) copy.pool.timeout = timeout;
  if (args.flags['pre-ping'] !== undefined) copy.pool.prePing = args.flags['pre-ping'] === true;
  const driver = args.flags.driver as string | undefined;
  if (driver !== undefined) {
    if (!(PY_DRIVERS as readonly string[]).includes(driver)) throw new UsageError(`--driver must be one of ${PY_DRIVERS.join(', ')}, not "${driver}".`);
    checkDriverFits(driver as PyDriver, copy, label);
    copy.service.driver = driver as PyDriver;
  }
  const parsed = profileInputSchema.safeParse(copy);
  if (!parsed.success) throw new UsageError(`${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

function settingsOf(ctx: CliContext): { chosen: string | null; projects: string[] } {
  // The app's interpreter choice applies when there is a data folder; the command line never creates one.
  if (!existsSync(ctx.dataDir)) return { chosen: null, projects: [] };
  const s = ctx.core().settings;
  return { chosen: s.get<string>('verify.python') ?? null, projects: s.get<string[]>('verify.projects') ?? [] };
}

function side(dto: VerifyRunDto['python']): string {
  return dto.failure ? `${dto.state}: ${dto.failure.message}` : dto.state;
}

function report(dto: VerifyRunDto): string {
  const i = dto.interpreter;
  const head = [
    `Run on real SQLAlchemy: ${dto.label} (${dto.source === 'export' ? 'the exported db.py' : 'the saved pool settings'})`,
    `Python ${i.version ?? '?'} at ${i.path}, SQLAlchemy ${i.sqlalchemy ?? '?'}, ${i.driver} ${i.driverVersion ?? '?'}`,
    `Scenario: ${dto.scenario.concurrency} workers for ${dto.scenario.durationSec} s, hold ${dto.scenario.holdMs} ms, ${dto.scenario.query.kind === 'custom' ? dto.scenario.query.sql : dto.scenario.query.kind === 'sleep' ? `sleep ${dto.scenario.query.seconds} s` : 'SELECT 1'}`,
    `Pool class: SQLAlchemy ${dto.python.poolClass ?? '?'}, Poolscope ${dto.poolscope.poolClass ?? '?'}${dto.python.poolClass && dto.poolscope.poolClass && dto.python.poolClass !== dto.poolscope.poolClass ? '  DIFFERS' : ''}`,
  ];
  if (dto.state !== 'done') return [...head, `SQLAlchemy side: ${side(dto.python)}`, `Poolscope side: ${side(dto.poolscope)}`, ...(dto.python.failure?.hint ? [dto.python.failure.hint] : [])].join('\n');
  const rows = dto.comparison.map((r) => [r.label, String(r.python), String(r.poolscope), r.verdict === 'differs' ? 'DIFFERS' : r.verdict === 'timing' ? 'TIMING' : r.verdict, r.tolerance]);
  const errors = [...dto.python.samples.map((s) => `  SQLAlchemy: ${s.count} x ${s.cls}: ${s.message}`), ...dto.poolscope.samples.map((s) => `  Poolscope:  ${s.count} x ${s.kind}: ${s.message}`)];
  return [...head, '', table(['', 'SQLAlchemy', 'Poolscope', 'verdict', 'tolerance'], rows), ...(errors.length ? ['', 'Errors:', ...errors] : []), '', dto.differences ? `${dto.differences} difference(s) in behaviour.` : 'No difference in behaviour.', ...(dto.timingDifferences ? [`${dto.timingDifferences} timing measure(s) beyond tolerance (speed, connect time; not counted as differences).`] : [])].join('\n');
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: COMMAND_SUMMARIES.verify,
  usage: `<saved-name|url> [--python PATH] [--source pool|export] [--concurrency N] [--duration S] [--ramp S] [--hold-ms MS] [--think-ms MS] [--sql SQL | --sleep S] [--commit] [--recipe] [--pool-size N] [--max-overflow N] [--pool-timeout S] [--pre-ping] [--driver D] ${SSH_FLAGS_USAGE} [--json]`,
  flags: {
    ...COMMON_FLAGS,
    python: { type: 'string', value: 'PATH', description: 'Interpreter: a python executable, a virtualenv or a project folder with .venv (default: the app\'s choice, else the active virtualenv, else python3/python on PATH with SQLAlchemy).' },
    source: { type: 'string', value: VERIFY_SOURCES.join('|'), description: 'pool (default): the saved pool settings; export: the db.py `poolscope export` writes.' },
    concurrency: { type: 'number', value: 'N', description: 'Concurrent workers (default 10).' },
    duration: { type: 'number', value: 'SECONDS', description: 'Length of each run (default 10).' },
    ramp: { type: 'number', value: 'SECONDS', description: 'Start the workers over this long (default 0).' },
    'hold-ms': { type: 'number', value: 'MS', description: 'Keep the connection this long after the statement (default 0).' },
    'think-ms': { type: 'number', value: 'MS', description: 'Pause between a worker\'s requests (default 0).' },
    sql: { type: 'string', value: 'SQL', description: 'One read-only statement to run (default SELECT 1).' },
    sleep: { type: 'number', value: 'SECONDS', description: 'Run pg_sleep / SLEEP for this long instead (PostgreSQL, MySQL).' },
    commit: { type: 'boolean', description: 'End each request with COMMIT (as engine.begin() does); otherwise the close rolls back.' },
    recipe: { type: 'boolean', description: 'PostgreSQL: run the driver with the PgBouncer recipe (asyncpg statement caches off, unique names; psycopg prepare_threshold=None).' },
    'pool-size': { type: 'number', value: 'N', description: 'pool_size for this run.' },
    'max-overflow': { type: 'number', value: 'N', description: 'max_overflow for this run.' },
    'pool-timeout': { type: 'number', value: 'SECONDS', description: 'pool_timeout for this run.' },
    'pre-ping': { type: 'boolean', description: 'pool_pre_ping=True for this run (--no-pre-ping for False).' },
    driver: { type: 'string', value: PY_DRIVERS.join('|'), description: 'Python driver (default: the connection\'s).' },
    ...SSH_FLAG_SPECS,
  },
  async run(args, ctx) {
    const [arg, ...extra] = args.positionals;
    if (!arg) throw new UsageError('Name a saved connection or give a URL, e.g. poolscope verify "Demo (SQLite)" --duration 5.');
    if (extra.length) throw new UsageError(`One target at a time; unexpected: ${extra.join(' ')}.`);
    const source = (args.flags.source as string | undefined) ?? 'pool';
    if (!(VERIFY_SOURCES as readonly string[]).includes(source)) throw new UsageError(`--source must be pool or export, not "${source}".`);
    const scenario = scenarioFromFlags(args);
    const target = resolveTarget(arg, ctx.core, (w) => ctx.io.err(w));
    // Through SSH (saved or --ssh), both sides reach the server through the tunnel's local end.
    const { profile } = applySshFlags(withPoolFlags(target.profile, args, target.label), args, ctx);
    const password = connectPassword({ target, profile, overridden: false });
    const driver = profile.service.driver ?? defaultDriver(profile.backend);
    const given = args.flags.python as string | undefined;
    if (given !== undefined) {
      const r = resolveInterpreter(given);
      if ('problem' in r) throw new UsageError(`--python ${given}: ${r.problem} Give a python executable, a virtualenv or a project folder holding .venv.`);
    }
    const interpreter = await pickInterpreter({ given: args.flags.python as string | undefined, ...settingsOf(ctx), driver });
    if (interpreter.problem) throw new AppError('UNSUPPORTED', interpreter.problem, 'Pass another interpreter with --python PATH (Python 3.8 or newer).');
    if (interpreter.missing.length) {
      throw new AppError('UNSUPPORTED', `${interpreter.path} (Python ${interpreter.version ?? '?'}) is missing ${interpreter.missing.join('; ')}.`, interpreter.pip ? `Install it with: ${interpreter.pip}` : 'Pass another interpreter with --python PATH.', { missing: interpreter.missing, pip: interpreter.pip, python: interpreter.path });
    }
    const facts = target.savedId ? (checksService(ctx.core()).last(target.savedId)?.facts ?? null) : null;
    const json = args.flags.json === true;
    let lastPhase = '';
    const handle = startVerify({ label: target.label, connectionId: target.savedId ?? null, profile, password, secrets: target.connect, facts, source: source as VerifySource, scenario, python: interpreter.path, ...(target.savedId ? { nativeBinding: ctx.core().options.nativeBinding } : {}) }, (dto) => {
      if (json || dto.phase === lastPhase) return;
      lastPhase = dto.phase;
      if (dto.phase !== 'finished') ctx.io.err(`poolscope verify: running on ${dto.phase === 'python' ? `real SQLAlchemy (${interpreter.path})` : "Poolscope's pool"} for ${scenario.durationSec} s …`);
    });
    const stop = () => handle.stop();
    process.once('SIGINT', stop);
    let dto: VerifyRunDto;
    try {
      dto = await handle.done;
    } finally {
      process.off('SIGINT', stop);
    }
    ctx.io.out(json ? JSON.stringify(dto, null, 2) : report(dto));
    if (dto.state !== 'done') {
      if (!json) ctx.io.err(`poolscope verify: the run ${dto.state}.`);
      return EXIT.error;
    }
    return dto.differences ? EXIT.failed : EXIT.ok;
  },
};
