import { AppError } from '../../shared/errors';
import type { Scenario } from '../../shared/lab-types';
import { defaultDriver, type ProfileData } from '../../shared/profile';
import type { InterpreterListDto, PythonInterpreterDto, VerifyRunDto, VerifySource } from '../../shared/verify-types';
import { checksService, profileOf } from '../checks/service';
import type { Core } from '../core';
import { perCore } from '../per-core';
import { candidates, inspectInterpreter, resolveInterpreter, type Candidate } from './interpreters';
import { startVerify, type VerifyHandle, type VerifyPlan } from './verify-run';
import { savedConnectSecrets } from '../connections/connect-secrets';

const CHOSEN_KEY = 'verify.python';
const PROJECTS_KEY = 'verify.projects';
const KEEP_FINISHED = 10;

/**
 * Answers of recent interpreter checks (path + driver), for a minute: the picker and every run ask,
 * and each check starts a Python. `refresh` asks again (after installing with the pip command).
 */
const CHECK_TTL_MS = 60_000;
const checked = new Map<string, { at: number; answer: Promise<PythonInterpreterDto> }>();

function inspectCached(c: Candidate, driver: string | null, refresh: boolean): Promise<PythonInterpreterDto> {
  const key = `${c.path}\0${driver ?? ''}`;
  const hit = checked.get(key);
  if (!refresh && hit && Date.now() - hit.at < CHECK_TTL_MS) return hit.answer.then((a) => ({ ...a, source: c.source, label: c.label }));
  const answer = inspectInterpreter(c, driver);
  checked.set(key, { at: Date.now(), answer });
  while (checked.size > 64) checked.delete(checked.keys().next().value!);
  return answer;
}

/** The interpreters found for a driver, each asked what it can import (in parallel). */
export async function listInterpreters(opts: { chosen: string | null; projects: string[]; driver: string | null; refresh?: boolean }): Promise<InterpreterListDto> {
  const list = candidates(opts);
  const interpreters = await Promise.all(list.map((c) => inspectCached(c, opts.driver, opts.refresh ?? false)));
  return { interpreters, chosen: opts.chosen, projects: opts.projects, driver: opts.driver };
}

/** The interpreter a run uses: the one given, else the chosen one, else the first found that has everything. */
export async function pickInterpreter(opts: { given?: string | undefined; chosen: string | null; projects: string[]; driver: string }): Promise<PythonInterpreterDto> {
  if (opts.given) {
    const r = resolveInterpreter(opts.given);
    if ('problem' in r) throw new AppError('BAD_INPUT', `No Python interpreter at ${opts.given}: ${r.problem}`, 'Give the path of a python executable, or of a virtualenv or project folder holding .venv.', { field: 'python' });
    return inspectInterpreter({ path: r.path, source: 'chosen', label: 'given' }, opts.driver);
  }
  // A run asks again: the answer decides whether it starts.
  const { interpreters } = await listInterpreters({ ...opts, driver: opts.driver, refresh: true });
  if (!interpreters.length) {
    throw new AppError('NOT_FOUND', 'No Python interpreter was found: no active virtualenv, no project .venv chosen, and neither python3 nor python on PATH.', 'Install Python 3.8 or newer, or choose an interpreter (a project\'s .venv) in the interpreter picker or with --python.');
  }
  const chosen = opts.chosen ? interpreters.find((i) => i.path === opts.chosen) : undefined;
  return chosen ?? interpreters.find((i) => !i.problem && i.missing.length === 0) ?? interpreters.find((i) => !i.problem) ?? interpreters[0]!;
}

/**
 * "Run on real SQLAlchemy" for saved connections: the interpreter setting, the runs in flight
 * (pushed as verify.progress, at most every 250 ms, and verify.finished) and the last few results.
 */
export class VerifyService {
  private readonly runs = new Map<string, { handle: VerifyHandle; last: VerifyRunDto }>();
  private readonly throttle = new Map<string, number>();

  constructor(private readonly core: Core) {
    // Quitting ends every runner's process group and waits for Poolscope's own side to return its connections.
    core.onClose(() => this.stopAll());
  }

  chosen(): string | null {
    return this.core.settings.get<string>(CHOSEN_KEY) ?? null;
  }

  projects(): string[] {
    return this.core.settings.get<string[]>(PROJECTS_KEY) ?? [];
  }

  driverOf(id: string | undefined): string | null {
    if (!id) return null;
    const p = profileOf(this.core.connections.get(id));
    return p.service.driver ?? defaultDriver(p.backend);
  }

  interpreters(id?: string, refresh = false): Promise<InterpreterListDto> {
    return listInterpreters({ chosen: this.chosen(), projects: this.projects(), driver: this.driverOf(id), refresh });
  }

  /** Chooses an interpreter (a python path, a virtualenv or a project folder); null goes back to automatic. */
  async choose(path: string | null, id?: string): Promise<InterpreterListDto> {
    if (path === null) {
      this.core.settings.set(CHOSEN_KEY, null);
      return this.interpreters(id);
    }
    const r = resolveInterpreter(path);
    if ('problem' in r) throw new AppError('BAD_INPUT', `No Python interpreter at ${path}: ${r.problem}`, 'Give the path of a python executable, or of a virtualenv or project folder holding .venv.', { field: 'path' });
    const info = await inspectInterpreter({ path: r.path, source: 'chosen', label: 'chosen in settings' }, this.driverOf(id));
    if (info.problem) throw new AppError('BAD_INPUT', info.problem, 'Choose a Python 3.8 or newer interpreter.', { field: 'path' });
    this.core.settings.set(CHOSEN_KEY, r.path);
    // A project folder is remembered too, so its .venv stays offered after another choice.
    if (r.path !== path && !this.projects().includes(path)) this.core.settings.set(PROJECTS_KEY, [...this.projects(), path].slice(-10));
    return this.interpreters(id, true);
  }

  async start(id: string, source: VerifySource, scenario: Scenario, python?: string): Promise<{ verifyId: string }> {
    const saved = this.core.connections.get(id);
    const profile: ProfileData = profileOf(saved);
    if ([...this.runs.values()].some((r) => r.last.connectionId === id && r.last.state === 'running')) {
      throw new AppError('CONFLICT', 'A run on real SQLAlchemy is already running for this connection.', 'Stop it first, or wait for it to finish.');
    }
    const password = this.passwordFor(id, saved.passwordMode);
    const driver = profile.service.driver ?? defaultDriver(profile.backend);
    const interpreter = await pickInterpreter({ given: python, chosen: this.chosen(), projects: this.projects(), driver });
    if (interpreter.problem) throw new AppError('UNSUPPORTED', interpreter.problem, 'Choose another interpreter in the picker.');
    const plan: VerifyPlan = { label: saved.name, connectionId: id, profile, password, secrets: savedConnectSecrets(this.core.connections, saved), facts: checksService(this.core).last(id)?.facts ?? null, source, scenario, python: interpreter.path, ...(this.core.options.nativeBinding ? { nativeBinding: this.core.options.nativeBinding } : {}) };
    const handle = startVerify(plan, (dto) => this.progress(dto));
    const entry = { handle, last: handle.snapshot() };
    this.runs.set(handle.verifyId, entry);
    void handle.done.then((dto) => {
      entry.last = dto;
      this.core.bus.emit('verify.finished', dto);
      this.core.logger.info('verify run finished', { connectionId: id, state: dto.state, differences: dto.differences });
      const finished = [...this.runs.entries()].filter(([, r]) => r.last.state !== 'running');
      for (const [k] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.runs.delete(k);
    });
    this.core.logger.info('verify run started', { connectionId: id, source, python: interpreter.path });
    return { verifyId: handle.verifyId };
  }

  private progress(dto: VerifyRunDto): void {
    const entry = this.runs.get(dto.verifyId);
    if (entry) entry.last = dto;
    const now = Date.now();
    if (dto.phase !== 'finished' && now - (this.throttle.get(dto.verifyId) ?? 0) < 250) return;
    this.throttle.set(dto.verifyId, now);
    if (dto.phase === 'finished') this.throttle.delete(dto.verifyId);
    this.core.bus.emit('verify.progress', dto);
  }

  private passwordFor(id: string, mode: string): string | undefined {
    if (mode === 'saved') return this.core.connections.password(id);
    if (mode === 'ask') {
      const open = this.core.pools.get(id);
      if (open?.password === undefined) throw new AppError('BAD_INPUT', 'This connection asks for its password on connect.', 'Open its pool with the password first (Pool tab), then run on real SQLAlchemy.', { needsPassword: true });
      return open.password;
    }
    return undefined;
  }

  stop(verifyId: string): boolean {
    const r = this.runs.get(verifyId);
    if (!r || r.last.state !== 'running') return false;
    r.handle.stop();
    return true;
  }

  get(verifyId: string): VerifyRunDto {
    const r = this.runs.get(verifyId);
    if (!r) throw new AppError('NOT_FOUND', 'That run on real SQLAlchemy is no longer in memory.', 'Start it again.');
    return r.last;
  }

  /** The newest run of a connection, if any (the UI shows it when the tab opens again). */
  latest(id: string): VerifyRunDto | null {
    const mine = [...this.runs.values()].filter((r) => r.last.connectionId === id);
    return mine.length ? mine[mine.length - 1]!.last : null;
  }

  async stopAll(): Promise<void> {
    const running = [...this.runs.values()].filter((r) => r.last.state === 'running');
    for (const r of running) r.handle.stop();
    await Promise.all(running.map((r) => r.handle.done.catch(() => undefined)));
  }
}

export const verifyService = perCore((core) => new VerifyService(core));

