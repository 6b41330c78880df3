import { BACKEND_INFO, PY_DRIVERS, PY_DRIVER_INFO, familyOf, type BackendFamily, type PyDriver } from '../shared/backends';
import { AppError } from '../shared/errors';
import { ENVIRONMENTS, POOL_CLASSES, WORKLOADS, profileInputSchema, type ProfileData } from '../shared/profile';
import { UsageError, type FlagSpec, type ParsedArgs } from './args';
import type { CliContext } from './command';
import { resolveTarget, type ResolvedTarget } from './resolve-target';
import { SSH_FLAG_SPECS, SSH_FLAGS_USAGE, applySshFlags } from './ssh-flags';

/**
 * The profile flags `poolscope check` and `poolscope export` share, and the target they apply to.
 * Absent flags leave the saved profile (or SQLAlchemy's defaults for a URL) as it is.
 */
const PROFILE_FLAGS: Record<string, FlagSpec & { apply(p: ProfileData, v: string | number | boolean): void }> = {
  'pool-size': { type: 'number', value: 'N', description: 'pool_size (SQLAlchemy default 5; 0 = no limit).', apply: (p, v) => (p.pool.poolSize = v as number) },
  'max-overflow': { type: 'number', value: 'N', description: 'max_overflow (default 10; -1 = no limit).', apply: (p, v) => (p.pool.maxOverflow = v as number) },
  'pool-recycle': { type: 'number', value: 'SECONDS', description: 'pool_recycle (default -1 = never).', apply: (p, v) => (p.pool.recycle = v as number) },
  'pre-ping': { type: 'boolean', description: 'pool_pre_ping=True (--no-pre-ping for False, the default).', apply: (p, v) => (p.pool.prePing = v as boolean) },
  'pool-class': { type: 'string', value: POOL_CLASSES.join('|'), description: 'poolclass (default: what SQLAlchemy picks for the URL).', apply: (p, v) => (p.pool.poolClass = v as ProfileData['pool']['poolClass']) },
  processes: { type: 'number', value: 'N', description: 'Application processes, each with its own pool (default 1).', apply: (p, v) => (p.service.processes = v as number) },
  concurrency: { type: 'number', value: 'N', description: 'Concurrent sessions per process, for pool sizing.', apply: (p, v) => (p.service.concurrencyPerProcess = v as number) },
  environment: { type: 'string', value: ENVIRONMENTS.join('|'), description: 'Where the service runs (default local).', apply: (p, v) => (p.service.environment = v as ProfileData['service']['environment']) },
  workload: { type: 'string', value: WORKLOADS.join('|'), description: 'Workload (default oltp).', apply: (p, v) => (p.service.workload = v as ProfileData['service']['workload']) },
  driver: { type: 'string', value: PY_DRIVERS.join('|'), description: 'Python driver (default: the URL\'s, or the matrix choice).', apply: (p, v) => (p.service.driver = v as ProfileData['service']['driver']) },
};

const CHOICES: Record<string, readonly string[]> = { 'pool-class': POOL_CLASSES, environment: ENVIRONMENTS, workload: WORKLOADS, driver: PY_DRIVERS };

/** The profile flags as help entries, for a command's `flags`. */
export const PROFILE_FLAG_SPECS: Record<string, FlagSpec> = {
  ...Object.fromEntries(Object.entries(PROFILE_FLAGS).map(([k, { type, value, description }]) => [k, { type, description, ...(value ? { value } : {}) }])),
  ...SSH_FLAG_SPECS,
};

export const PROFILE_FLAGS_USAGE = `[--pool-size N] [--max-overflow N] [--pool-recycle S] [--pre-ping] [--processes N] [--environment E] [--workload W] [--driver D] ${SSH_FLAGS_USAGE}`;

function withOverrides(profile: ProfileData, args: ParsedArgs): { profile: ProfileData; overridden: boolean } {
  const copy: ProfileData = structuredClone(profile);
  let overridden = false;
  for (const [flag, spec] of Object.entries(PROFILE_FLAGS)) {
    const v = args.flags[flag];
    if (v === undefined) continue;
    const choices = CHOICES[flag];
    if (choices && !choices.includes(String(v))) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, not "${v}".`);
    if (spec.type === 'number' && !Number.isInteger(v)) throw new UsageError(`--${flag} must be a whole number, not ${v}.`);
    spec.apply(copy, v);
    overridden = true;
  }
  const parsed = profileInputSchema.safeParse(copy);
  if (!parsed.success) {
    // Ranges (pool_size >= 0, processes >= 1 …) come from the profile schema itself.
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.')}: ${issue.message}.`);
  }
  return { profile: parsed.data, overridden };
}

const FAMILY_LABELS: Record<BackendFamily, string> = { postgresql: 'PostgreSQL', mysql: 'MySQL/MariaDB', sqlite: 'SQLite' };

/**
 * A --driver of another backend family: SQLAlchemy would raise NoSuchModuleError for
 * postgresql+aiomysql://, so it is a mistake in the arguments, never a URL to print or a check to run.
 */
export function checkDriverFits(driver: PyDriver, profile: ProfileData, label: string): void {
  const family = familyOf(profile.backend);
  if (PY_DRIVER_INFO[driver].family === family) return;
  const dialect = BACKEND_INFO[profile.backend].dialect;
  throw new UsageError(
    `--driver ${driver} is a ${FAMILY_LABELS[PY_DRIVER_INFO[driver].family]} driver and "${label}" is a ${FAMILY_LABELS[family]} connection (SQLAlchemy would raise NoSuchModuleError for ${dialect}+${driver}://). Use ${BACKEND_INFO[profile.backend].drivers.join(' or ')}.`,
  );
}

export interface CommandTarget {
  target: ResolvedTarget;
  /** The profile with the flags applied. */
  profile: ProfileData;
  overridden: boolean;
}

/** The one positional target (saved name or URL) with the profile flags applied; mistakes in either are usage errors. */
export function commandTarget(args: ParsedArgs, ctx: CliContext, example: string): CommandTarget {
  const [arg, ...extra] = args.positionals;
  if (!arg) throw new UsageError(`Name a saved connection or give a URL, e.g. ${example}.`);
  if (extra.length) throw new UsageError(`One target at a time; unexpected: ${extra.join(' ')}.`);
  // A URL that does not parse or a name that matches nothing is a mistake in the arguments: the
  // command line maps BAD_URL and NOT_FOUND to exit 2 and keeps their code for --json.
  const target: ResolvedTarget = resolveTarget(arg, ctx.core, (w) => ctx.io.err(w));
  const flagged = withOverrides(target.profile, args);
  const ssh = applySshFlags(flagged.profile, args, ctx);
  const out = { target, profile: ssh.profile, overridden: flagged.overridden || ssh.overridden };
  if (args.flags.driver !== undefined) checkDriverFits(args.flags.driver as PyDriver, out.profile, target.label);
  return out;
}

/** The password for connecting: the saved or given one, or POOLSCOPE_PASSWORD for connections that ask. */
export function connectPassword(t: CommandTarget): string | undefined {
  if (t.profile.passwordMode !== 'ask' || t.target.password !== undefined) return t.target.password;
  const password = process.env.POOLSCOPE_PASSWORD;
  if (password === undefined) {
    throw new AppError('SECRET_UNAVAILABLE', `"${t.target.label}" asks for its password on every connect.`, 'Set POOLSCOPE_PASSWORD for this command, or pass a URL with the password.');
  }
  return password;
}
