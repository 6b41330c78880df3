import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';

/**
 * The real SQLAlchemy of the pinned Python env (test/python-env.ts), for integration tests that
 * compare Poolscope's model of SQLAlchemy with SQLAlchemy itself. A script reads JSON from stdin
 * (`data`) and prints one JSON document; `sqlalchemyMissing()` says why it cannot run, for skipIf.
 */
function python(): string | null {
  return inject('python').python;
}

export function sqlalchemyMissing(): string | null {
  const py = python();
  if (!py) return inject('python').reason ?? 'no Python env';
  const r = spawnSync(py, ['-c', 'import sqlalchemy; print(sqlalchemy.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) return `SQLAlchemy not importable from ${py}`;
  return r.stdout.trim().startsWith('2.0.') ? null : `SQLAlchemy 2.0 expected, found ${r.stdout.trim()}`;
}

export function runSqlAlchemy<T>(script: string, data: unknown = null, env: Record<string, string> = {}): T {
  const prelude = 'import json, sys, warnings\nwarnings.simplefilter("ignore")\ndata = json.loads(sys.stdin.read())\n';
  const r = spawnSync(python()!, ['-c', prelude + script], { input: JSON.stringify(data), encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
