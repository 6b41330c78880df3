import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { resourcesDir } from '../paths';

/** The runner Poolscope ships; nothing else is ever started by "Run on real SQLAlchemy". */
export function runnerPath(): string {
  return join(resourcesDir(), 'python', 'poolscope_verify.py');
}

/**
 * The fixed command line: -E ignores PYTHONPATH/PYTHONHOME, -s the user's site-packages, -B writes
 * no bytecode next to the runner. The scenario, the engine and the password travel on stdin.
 */
export function runnerArgv(): string[] {
  return ['-E', '-s', '-B', runnerPath()];
}

/**
 * The child's environment: what an interpreter needs to start (PATH for pyenv shims, HOME, the
 * locale), nothing of Poolscope's own (POOLSCOPE_PASSWORD and the like never reach it).
 */
export function runnerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'PYENV_ROOT', 'PYENV_VERSION'];
  const out: NodeJS.ProcessEnv = { PYTHONIOENCODING: 'utf-8' };
  for (const k of keep) if (env[k] !== undefined) out[k] = env[k];
  return out;
}

export type RunnerEvent = { event: string } & Record<string, unknown>;

export interface RunnerOptions {
  python: string;
  input: unknown;
  /** Kill the process group after this long, whatever it is doing. */
  hardTimeoutMs: number;
  /** Kill it when no line arrives for this long (a runner that never speaks). */
  silenceMs: number;
  onEvent?(e: RunnerEvent): void;
  /** Test hook: the script to run instead of Poolscope's runner (never set by the product). */
  script?: string;
}

export interface RunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  events: RunnerEvent[];
  stderr: string;
  /** Why Poolscope ended it, when it did. */
  killed: 'timeout' | 'silence' | 'stopped' | null;
  /** Set when the interpreter could not be started at all. */
  spawnError?: string;
}

export interface RunningRunner {
  pid: number | undefined;
  done: Promise<RunnerExit>;
  stop(): void;
}

const KEEP_EVENTS = 2000;
const KEEP_STDERR = 16_000;

/** Starts the runner in its own process group (so Stop and the timeouts end everything it started). */
export function startRunner(o: RunnerOptions): RunningRunner {
  const windows = process.platform === 'win32';
  let child: ChildProcess;
  const events: RunnerEvent[] = [];
  let stderr = '';
  let killed: RunnerExit['killed'] = null;
  const argv = o.script ? ['-E', '-s', '-B', o.script] : runnerArgv();
  try {
    child = spawn(o.python, argv, { env: runnerEnv(), stdio: ['pipe', 'pipe', 'pipe'], detached: !windows, windowsHide: true });
  } catch (err) {
    return { pid: undefined, stop: () => undefined, done: Promise.resolve({ code: null, signal: null, events, stderr, killed, spawnError: (err as Error).message }) };
  }
  const kill = (why: NonNullable<RunnerExit['killed']>) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killed ??= why;
    try {
      if (!windows && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  let silence: NodeJS.Timeout = setTimeout(() => kill('silence'), o.silenceMs);
  const hard = setTimeout(() => kill('timeout'), o.hardTimeoutMs);
  let buffer = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    clearTimeout(silence);
    silence = setTimeout(() => kill('silence'), o.silenceMs);
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      let e: RunnerEvent;
      try {
        e = JSON.parse(line) as RunnerEvent;
      } catch {
        e = { event: 'noise', text: line.slice(0, 500) };
      }
      if (events.length < KEEP_EVENTS || e.event !== 'progress') events.push(e);
      o.onEvent?.(e);
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (stderr.length < KEEP_STDERR) stderr += chunk.slice(0, KEEP_STDERR - stderr.length);
  });
  const done = new Promise<RunnerExit>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(silence);
      clearTimeout(hard);
      resolve({ code, signal, events, stderr, killed, ...(spawnError ? { spawnError } : {}) });
    });
  });
  // A child that exits before reading stdin makes the write fail with EPIPE: that is its exit to report, not a crash.
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(JSON.stringify(o.input));
  return { pid: child.pid, done, stop: () => kill('stopped') };
}
