import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { PythonInterpreterDto } from '../../shared/verify-types';
import { startRunner, type RunnerEvent } from './runner-process';

const WINDOWS = process.platform === 'win32';
const CHECK_TIMEOUT_MS = 20_000;

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The interpreter inside a virtualenv folder (bin/python, Scripts\python.exe on Windows). */
export function venvPython(folder: string): string {
  return WINDOWS ? join(folder, 'Scripts', 'python.exe') : join(folder, 'bin', 'python');
}

/** `name` as the shell would find it on PATH, as an absolute path; null when it is not there. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const candidate of WINDOWS ? [`${name}.exe`, name] : [name]) {
      const p = join(dir, candidate);
      if (executable(p)) return p;
    }
  }
  return null;
}

/**
 * A path the user gave: an interpreter, a virtualenv folder, or a project folder holding .venv or
 * venv. Returns the interpreter, or a sentence saying why there is none.
 */
export function resolveInterpreter(given: string): { path: string } | { problem: string } {
  const p = resolve(given);
  if (!existsSync(p)) return { problem: `${p} does not exist.` };
  if (statSync(p).isDirectory()) {
    for (const folder of [p, join(p, '.venv'), join(p, 'venv')]) {
      const py = venvPython(folder);
      if (executable(py)) return { path: py };
    }
    return { problem: `${p} holds no virtualenv (looked for ${venvPython('.venv')}, ${venvPython('venv')} and ${venvPython('.')}).` };
  }
  if (!executable(p)) return { problem: `${p} is not an executable file.` };
  return { path: p };
}

export interface Candidate {
  path: string;
  source: PythonInterpreterDto['source'];
  label: string;
}

/** Where Poolscope looks, in order: the chosen one, the active virtualenv, the projects' .venv, python3/python on PATH. */
export function candidates(opts: { chosen: string | null; projects: string[]; env?: NodeJS.ProcessEnv }): Candidate[] {
  const env = opts.env ?? process.env;
  const out: Candidate[] = [];
  const add = (c: Candidate) => {
    if (!out.some((x) => x.path === c.path)) out.push(c);
  };
  if (opts.chosen) add({ path: opts.chosen, source: 'chosen', label: 'chosen in settings' });
  if (env.VIRTUAL_ENV) {
    const py = venvPython(env.VIRTUAL_ENV);
    if (executable(py)) add({ path: py, source: 'virtualenv', label: `active virtualenv ${env.VIRTUAL_ENV}` });
  }
  for (const folder of opts.projects) {
    const r = resolveInterpreter(folder);
    if ('path' in r) add({ path: r.path, source: 'project', label: `project ${folder}` });
  }
  for (const name of ['python3', 'python']) {
    const p = onPath(name, env);
    if (p) add({ path: p, source: 'path', label: `${name} on PATH` });
  }
  return out;
}

/** Asks one interpreter (through the runner's check mode) for its version, SQLAlchemy and drivers. */
export async function inspectInterpreter(c: Candidate, driver: string | null): Promise<PythonInterpreterDto> {
  const base = { path: c.path, source: c.source, label: c.label, version: null, sqlalchemy: null, drivers: {}, missing: [], pip: null };
  if (!executable(c.path)) return { ...base, problem: `${c.path} is not an executable file.` };
  const run = startRunner({ python: c.path, input: { mode: 'check', driver }, hardTimeoutMs: CHECK_TIMEOUT_MS, silenceMs: CHECK_TIMEOUT_MS });
  const exit = await run.done;
  const env = exit.events.find((e) => e.event === 'env');
  if (!env) return { ...base, problem: noAnswer(c.path, exit) };
  return fromEnv(c, env);
}

export function fromEnv(c: Candidate, env: RunnerEvent): PythonInterpreterDto {
  return {
    path: c.path,
    source: c.source,
    label: c.label,
    version: (env.python as string | null) ?? null,
    sqlalchemy: (env.sqlalchemy as string | null) ?? null,
    drivers: (env.drivers as Record<string, string | null> | undefined) ?? {},
    missing: (env.missing as string[] | undefined) ?? [],
    pip: (env.pip as string | null | undefined) ?? null,
  };
}

/** Why an interpreter gave no answer, from how the runner ended. */
export function noAnswer(python: string, exit: { code: number | null; stderr: string; killed: string | null; spawnError?: string }): string {
  if (exit.spawnError) return `${python} could not be started: ${exit.spawnError}.`;
  if (exit.killed === 'timeout' || exit.killed === 'silence') return `${python} did not answer within ${CHECK_TIMEOUT_MS / 1000} s and was stopped.`;
  const last = exit.stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  if (/SyntaxError|Unknown option|invalid syntax/i.test(exit.stderr)) return `${python} is too old to run Poolscope's runner (Python 3.8 or newer is needed): ${last}`;
  return `${python} exited with code ${exit.code} before answering${last ? `: ${last}` : ''}.`;
}
