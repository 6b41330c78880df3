import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

export function ensurePythonEnv(): PythonEnv {
  if (process.env.POOLSCOPE_PYTHON) return { python: process.env.POOLSCOPE_PYTHON, reason: null };
  const python = join(ENV_DIR, 'bin', 'python');
  const stampFile = join(ENV_DIR, '.requirements-sha256');
  if (existsSync(python) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp()) return { python, reason: null };
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
