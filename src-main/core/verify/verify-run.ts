import { randomUUID } from 'node:crypto';
import { applyPatch } from '../../shared/advice';
import { PY_DRIVER_INFO, familyOf, type PyDriver } from '../../shared/backends';
import { PASSWORD_PLACEHOLDER } from '../../shared/export/bundle';
import { PREPARED_STATEMENT_KINDS, type Scenario } from '../../shared/lab-types';
import { effectivePoolClass } from '../../shared/pool-class';
import { defaultDriver, type ProfileData } from '../../shared/profile';
import { formatUrl } from '../../shared/url';
import type { VerifyRunDto, VerifySideDto, VerifySource } from '../../shared/verify-types';
import { urlProfileFor } from '../advice/driver';
import { recommend } from '../advice/recommend';
import { generateBundle } from '../export/bundle';
import type { ServerFacts } from '../../shared/facts';
import { scenarioStatement } from '../lab/statements';
import { compareSides } from './compare';
import { noAnswer } from './interpreters';
import { runPoolscopeSide, type PoolscopeSideRun } from './poolscope-side';
import type { ConnectSecrets } from '../drivers/types';
import { startRunner, type RunnerEvent, type RunnerExit, type RunningRunner } from './runner-process';
import { tunnelManager } from '../drivers';
import { AppError } from '../../shared/errors';
import { KEY_PASSPHRASE_ENV } from '../../shared/url-secrets';
import type { TunnelLease } from '../ssh/manager';

export interface VerifyPlan {
  label: string;
  connectionId: string | null;
  profile: ProfileData;
  password: string | undefined;
  /** The saved secret parameters a connect needs (connections/connect-secrets.ts). */
  secrets?: ConnectSecrets;
  /** The last measured facts (the export's db.py cites them); null when never measured. */
  facts: ServerFacts | null;
  source: VerifySource;
  scenario: Scenario;
  python: string;
  nativeBinding?: string;
  /** Test hook: run this script instead of Poolscope's runner. */
  script?: string;
}

export interface VerifyHandle {
  verifyId: string;
  snapshot(): VerifyRunDto;
  done: Promise<VerifyRunDto>;
  stop(): void;
}

const EMPTY_SIDE: VerifySideDto = { state: 'pending', poolClass: null, elapsedSec: 0, checkouts: 0, completed: 0, errors: 0, errorsByKind: {}, wait: { count: 0, p50: 0, p99: 0, max: 0 }, peakCheckedOut: 0, peakWaiting: 0, samples: [] };

/**
 * The engine both sides run, and the runner's input. `pool`: create_async_engine with the
 * connection's saved pool settings. `export`: the db.py the Export tab writes, executed as the
 * module `db`, and Poolscope's pool with the settings that db.py carries (the recommendation).
 */
export function planSides(given: VerifyPlan): { profile: ProfileData; input: Record<string, unknown>; driver: string } {
  // Secret parameters never ride in the URL Python gets (it would carry *** or CHANGE_ME as their
  // value, and asyncpg refuses any argument it does not know): the ones a driver takes travel on stdin.
  const plan = { ...given, profile: withoutSecretParams(given.profile) };
  const family = familyOf(plan.profile.backend);
  const kinds = (driver: string) => Object.fromEntries(Object.entries(PREPARED_STATEMENT_KINDS).map(([state, names]) => [state, names[driver === 'asyncpg' || driver === 'psycopg' ? driver : 'plain']]));
  if (plan.source === 'export') {
    const rec = recommend(plan.profile, plan.facts);
    const patched = applyPatch(plan.profile, rec.patch);
    // Poolscope's side keeps the connection's TLS settings: the URL leaves them out where db.py
    // carries them in an SSLContext, and without them it would connect in the clear (or not at all).
    const profile = { ...urlProfileFor(patched, rec.connectArgs, rec.driver.value), tls: patched.tls };
    // The files as the Export tab writes them (secret parameters by name: db.py reads a key's
    // passphrase from the environment where the driver needs an SSLContext).
    const { files } = generateBundle({ profile: given.profile, facts: plan.facts, label: plan.label, target: 'python', generatedAt: new Date().toISOString() });
    const source = files.find((f) => f.path === 'db.py')!.content;
    const url = liveUrl(files.find((f) => f.path === '.env.example')!.content);
    const driver = rec.driver.value;
    return { profile: { ...profile, service: { ...profile.service, driver } }, driver, input: { mode: 'run', driver, family, preparedKinds: kinds(driver), engine: { kind: 'dbpy', source, url, env: pythonSecretEnv(driver, plan.secrets) }, password: plan.password ?? null, secretParams: pythonSecretParams(driver, plan.secrets), scenario: plan.scenario } };
  }
  const driver = plan.profile.service.driver ?? defaultDriver(plan.profile.backend);
  const p = plan.profile.pool;
  const cls = effectivePoolClass(plan.profile);
  const kw: Record<string, unknown> = { pool_recycle: p.recycle, pool_pre_ping: p.prePing, pool_reset_on_return: p.resetOnReturn === 'none' ? null : p.resetOnReturn };
  if (cls === 'AsyncAdaptedQueuePool') Object.assign(kw, { pool_size: p.poolSize, max_overflow: p.maxOverflow, pool_timeout: p.timeout, pool_use_lifo: p.useLifo });
  // Left to SQLAlchemy when the profile leaves it to SQLAlchemy: a wrong guess by Poolscope then shows as a difference.
  const poolclass = p.poolClass === 'default' ? null : cls;
  const url = formatUrl(plan.profile, { driver });
  return { profile: plan.profile, driver, input: { mode: 'run', driver, family, preparedKinds: kinds(driver), engine: { kind: 'kwargs', url, poolclass, kw, recipe: plan.scenario.driverRecipe }, password: plan.password ?? null, secretParams: pythonSecretParams(driver, plan.secrets), scenario: plan.scenario } };
}

function withoutSecretParams(p: ProfileData): ProfileData {
  if (!p.options.secretParams) return p;
  const { secretParams: _s, ...options } = p.options;
  return { ...p, options };
}

/**
 * The secrets the runner adds to the driver's connect() arguments. Only psycopg takes the key's
 * passphrase that way (libpq's sslpassword keyword). asyncpg reads it only from its own DSN or an
 * SSLContext, and aiomysql and asyncmy only from an SSLContext, which the pool source's URL
 * cannot describe: with those drivers a client key that needs a passphrase fails on the Python side.
 */
export function pythonSecretParams(driver: string, secrets: ConnectSecrets | undefined): Record<string, string> {
  return PY_DRIVER_INFO[driver as PyDriver]?.keyPassphrase === 'url' && secrets?.tlsKeyPassphrase ? { sslpassword: secrets.tlsKeyPassphrase } : {};
}

/**
 * The environment the exported db.py reads besides DATABASE_URL, as the service's .env would give
 * it: a key's passphrase for a driver that takes it in an SSLContext. Sent on stdin; the runner
 * sets it in its own process before running db.py.
 */
export function pythonSecretEnv(driver: string, secrets: ConnectSecrets | undefined): Record<string, string> {
  return PY_DRIVER_INFO[driver as PyDriver]?.keyPassphrase === 'ssl-context' && secrets?.tlsKeyPassphrase ? { [KEY_PASSPHRASE_ENV]: secrets.tlsKeyPassphrase } : {};
}

/**
 * The live DATABASE_URL line of .env.example, with the placeholders taken out: the password's and
 * any secret parameter's (their real values go to connect() on stdin).
 */
export function liveUrl(envExample: string): string {
  const line = /^DATABASE_URL=(.*)$/m.exec(envExample)?.[1] ?? '';
  const url = line.replace(`:${PASSWORD_PLACEHOLDER}@`, '@');
  const q = url.indexOf('?');
  if (q < 0) return url;
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair.slice(pair.indexOf('=') + 1) !== PASSWORD_PLACEHOLDER);
  return kept.length ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
}

/** Seconds the whole Python side may take before its process group is killed. */
export function hardTimeoutSec(s: Scenario, poolTimeout: number): number {
  const query = s.query.kind === 'sleep' ? s.query.seconds : 0;
  return Math.ceil(s.rampSec + s.durationSec + query + s.holdMs / 1000 + poolTimeout + 45);
}

/**
 * One "Run on real SQLAlchemy": Poolscope's runner in the chosen interpreter first, then
 * Poolscope's own pool with the same scenario right after (never both at once, so neither takes
 * the other's connections), then the comparison.
 */
export function startVerify(plan: VerifyPlan, onUpdate: (dto: VerifyRunDto) => void): VerifyHandle {
  // A statement the lab refuses is refused here too, before anything starts.
  scenarioStatement(familyOf(plan.profile.backend), plan.scenario.query);
  refuseUncheckableTunnel(plan.profile);
  // Through SSH, both sides dial the tunnel's local end once it is open (planned again then).
  let sides = planSides(plan);
  const dto: VerifyRunDto = {
    verifyId: randomUUID(),
    connectionId: plan.connectionId,
    label: plan.label,
    source: plan.source,
    scenario: plan.scenario,
    state: 'running',
    phase: 'python',
    startedAt: Date.now(),
    finishedAt: null,
    interpreter: { path: plan.python, version: null, sqlalchemy: null, driver: sides.driver, driverVersion: null },
    python: { ...EMPTY_SIDE, state: 'running' },
    poolscope: { ...EMPTY_SIDE },
    comparison: [],
    differences: 0,
    timingDifferences: 0,
  };
  let stopped = false;
  let runner: RunningRunner | null = null;
  let ours: PoolscopeSideRun | null = null;
  const update = () => onUpdate(structuredClone(dto));

  const onEvent = (e: RunnerEvent) => {
    if (e.event === 'env') {
      dto.interpreter.version = (e.python as string | null) ?? null;
      dto.interpreter.sqlalchemy = (e.sqlalchemy as string | null) ?? null;
      dto.interpreter.driverVersion = ((e.drivers as Record<string, string | null> | undefined) ?? {})[sides.driver] ?? null;
      const missing = (e.missing as string[] | undefined) ?? [];
      if (missing.length) dto.python.failure = { message: `${plan.python} is missing ${missing.join('; ')}.`, hint: e.pip ? `Install it with: ${e.pip as string}` : 'Pick another interpreter.', missing, pip: (e.pip as string | null) ?? null };
    } else if (e.event === 'started') {
      dto.python.poolClass = (e.poolClass as string) ?? null;
    } else if (e.event === 'progress') {
      Object.assign(dto.python, { checkouts: e.checkouts, completed: e.completed, errors: e.errors, errorsByKind: e.errorsByKind, elapsedSec: e.t });
    } else if (e.event === 'summary') {
      const w = e.wait as VerifySideDto['wait'];
      const samples = (e.samples as Array<{ kind: string; cls: string; orig: string | null; message: string; count: number }>).map((s) => ({ kind: s.kind, cls: s.orig && s.orig !== s.cls ? `${s.cls} (${s.orig})` : s.cls, message: s.message, count: s.count }));
      Object.assign(dto.python, { checkouts: e.checkouts, completed: e.completed, errors: e.errors, errorsByKind: e.errorsByKind, elapsedSec: e.elapsedSec, wait: w, peakCheckedOut: e.peakCheckedOut, peakWaiting: e.peakWaiting, samples });
    } else if (e.event === 'fatal') {
      dto.python.failure = { message: `The runner failed: ${e.cls as string}: ${e.message as string}`, hint: 'The engine could not be built or the run could not start; the message is SQLAlchemy\'s or the driver\'s.' };
    }
    update();
  };

  let lease: TunnelLease | null = null;
  const done = (async (): Promise<VerifyRunDto> => {
    if (plan.profile.ssh) {
      try {
        lease = await openTunnel(plan.profile);
      } catch (err) {
        const e = err instanceof AppError ? err : null;
        dto.python.state = 'failed';
        dto.python.failure = { message: `The SSH tunnel could not be opened: ${(err as Error).message}`, hint: e?.hint ?? 'Test the connection: its SSH stage says what is wrong.' };
        return finish('failed');
      }
      if (stopped) return finish('stopped');
      sides = planSides({ ...plan, profile: lease.profile });
    }
    runner = startRunner({ python: plan.python, input: sides.input, hardTimeoutMs: hardTimeoutSec(plan.scenario, sides.profile.pool.timeout) * 1000, silenceMs: 20_000, onEvent, ...(plan.script ? { script: plan.script } : {}) });
    const exit = await runner.done;
    finishPython(dto, exit, plan.python);
    update();
    if (dto.python.state !== 'done' || stopped) return finish(stopped ? 'stopped' : 'failed');
    dto.phase = 'poolscope';
    dto.poolscope.state = 'running';
    update();
    ours = runPoolscopeSide(sides.profile, plan.password, plan.secrets ?? {}, plan.scenario, plan.nativeBinding);
    const progress = setInterval(() => {
      Object.assign(dto.poolscope, ours!.progress());
      update();
    }, 500);
    try {
      dto.poolscope = await ours.done;
    } catch (err) {
      dto.poolscope = { ...dto.poolscope, state: 'failed', failure: { message: (err as Error).message } };
    } finally {
      clearInterval(progress);
    }
    if (dto.poolscope.state !== 'done') return finish(stopped ? 'stopped' : 'failed');
    dto.comparison = compareSides(dto.python, dto.poolscope);
    dto.differences = dto.comparison.filter((r) => r.verdict === 'differs').length + (dto.python.poolClass !== dto.poolscope.poolClass ? 1 : 0);
    dto.timingDifferences = dto.comparison.filter((r) => r.verdict === 'timing').length;
    return finish('done');
  })().finally(() => (lease as TunnelLease | null)?.release());

  function finish(state: VerifyRunDto['state']): VerifyRunDto {
    dto.state = state;
    dto.phase = 'finished';
    dto.finishedAt = Date.now();
    update();
    return structuredClone(dto);
  }

  return {
    verifyId: dto.verifyId,
    snapshot: () => structuredClone(dto),
    done,
    stop() {
      stopped = true;
      (runner as RunningRunner | null)?.stop();
      (ours as PoolscopeSideRun | null)?.stop();
    },
  };
}

/**
 * Through an SSH tunnel both sides reach the server at 127.0.0.1 and the tunnel's port, so a
 * certificate cannot be checked against the server's name as Python would check it (libpq,
 * asyncpg and the MySQL drivers compare it with the host they dial): verify-full is refused
 * with what to do instead.
 */
function refuseUncheckableTunnel(profile: ProfileData): void {
  if (profile.ssh && profile.tls.mode === 'verify-full') {
    throw new AppError('UNSUPPORTED', 'Through an SSH tunnel, Python reaches the server at 127.0.0.1, where its certificate cannot be checked against the server\'s name (TLS mode verify-full).', 'Run it with TLS mode verify-ca or require for this comparison (pool behaviour does not depend on it), or run poolscope verify on a machine that reaches the server directly.', { field: 'tls' });
  }
}

/** A lease on the profile's tunnel (shared with the pool and the checks when one is open). */
async function openTunnel(profile: ProfileData): Promise<TunnelLease> {
  const tunnels = tunnelManager();
  if (!tunnels) throw new AppError('UNSUPPORTED', 'This connection goes through SSH, and SSH tunnels are not available here.', 'Use the desktop app, serve mode or the CLI.');
  return tunnels.acquire(profile, Math.round(profile.options.connectTimeoutSec * 1000));
}

function finishPython(dto: VerifyRunDto, exit: RunnerExit, python: string): void {
  const side = dto.python;
  const summary = exit.events.some((e) => e.event === 'summary');
  if (exit.killed === 'stopped') {
    side.state = 'stopped';
    side.failure ??= { message: 'Stopped: the runner and everything it started were ended.' };
  } else if (exit.killed) {
    side.state = 'failed';
    side.failure = {
      message: exit.killed === 'timeout' ? `The runner was still running at its time limit and was stopped (process group killed).` : `The runner stopped answering for 20 s and was stopped (process group killed).`,
      hint: 'A server that does not answer, or a statement that never returns, keeps a request open: check the server, then run again.',
    };
  } else if (summary && exit.code === 0) {
    side.state = 'done';
  } else {
    side.state = 'failed';
    if (!side.failure) {
      const env = exit.events.find((e) => e.event === 'env');
      side.failure = env ? { message: `The runner exited with code ${exit.code} without a summary.`, hint: exit.stderr.trim().split('\n').slice(-3).join(' ') || 'Run it again; if it repeats, the interpreter or its packages are broken.' } : { message: noAnswer(python, exit), hint: 'Pick another interpreter (Python 3.8 or newer with SQLAlchemy 2.0).' };
    }
  }
}
