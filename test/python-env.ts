import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../src-main/core/paths';

/**
 * A Python with SQLAlchemy 2.0 and the async drivers, for the tests that import a generated
 * db.py and run it. It is a virtualenv cached in .cache/python-env (rebuilt when the pinned
 * requirements change), installed from local wheel stores when the machine has them (no network
 * needed) or from pip's configured index otherwise. When it cannot be made, the reason is
 * returned so the tests can say it, never pass silently.
 */
const REQUIREMENTS = join(appRoot(), 'test', 'python-requirements.txt');
const ENV_DIR = join(appRoot(), '.cache', 'python-env');
const LOCAL_WHEELS = ['/opt/pypi/files', '/opt/pypi-more/files', '/opt/wheels'];

export interface PythonEnv {
  python: string | null;
  reason: string | null;
}

function stamp(): string {
  return createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
}

const LOCK_DIR = `${ENV_DIR}.lock`;
/** A build takes about a minute from local wheels; a lock older than this was left by a killed run. */
const STALE_LOCK_MS = 15 * 60_000;

function ready(python: string, stampFile: string): boolean {
  return existsSync(python) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp();
}

/**
 * Several test runs on one checkout (vitest's global setup and Playwright's, or two worktrees
 * sharing .cache) may find the env missing at once: one builds it under a lock directory while the
 * others wait, then find it ready. Without the lock a second run deleted the first one's half-made
 * env (seen: ENOTEMPTY, and a run that started on an env being rebuilt).
 */
function withLock<T>(fn: () => T): T {
  mkdirSync(join(ENV_DIR, '..'), { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS + 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK_DIR).mtimeMs;
      } catch {
        continue;
      }
      if (age > STALE_LOCK_MS || Date.now() > deadline) rmSync(LOCK_DIR, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

export function ensurePythonEnv(): PythonEnv {
  if (process.env.POOLSCOPE_PYTHON) return { python: process.env.POOLSCOPE_PYTHON, reason: null };
  const python = join(ENV_DIR, 'bin', 'python');
  const stampFile = join(ENV_DIR, '.requirements-sha256');
  if (ready(python, stampFile)) return { python, reason: null };
  return withLock(() => (ready(python, stampFile) ? { python, reason: null } : buildEnv(python, stampFile)));
}

function buildEnv(python: string, stampFile: string): PythonEnv {
  if (spawnSync('python3', ['--version']).status !== 0) return { python: null, reason: 'python3 is not installed' };
  rmSync(ENV_DIR, { recursive: true, force: true });
  const venv = spawnSync('python3', ['-m', 'venv', ENV_DIR], { encoding: 'utf8', timeout: 120_000 });
  if (venv.status !== 0) return { python: null, reason: `python3 -m venv failed: ${(venv.stderr || venv.stdout).trim().split('\n').pop()}` };
  const local = LOCAL_WHEELS.filter((d) => existsSync(d));
  const source = local.length ? ['--no-index', ...local.flatMap((d) => ['--find-links', d])] : [];
  const pip = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...source, '-r', REQUIREMENTS], { encoding: 'utf8', timeout: 600_000 });
  if (pip.status !== 0) {
    rmSync(ENV_DIR, { recursive: true, force: true });
    const last = (pip.stderr || pip.stdout).trim().split('\n').filter(Boolean).pop() ?? `exit ${pip.status}`;
    return { python: null, reason: `the Python packages in test/python-requirements.txt could not be installed (${local.length ? `from ${local.join(', ')}` : "from pip's index"}): ${last}` };
  }
  writeFileSync(stampFile, stamp());
  return { python, reason: null };
}
