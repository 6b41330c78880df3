import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp';

/** The python3 on PATH, or null (tests that need it say so loudly instead of passing silently). */
export function python3(): string | null {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'python3' : null;
}

export const PYTHON_MISSING = python3() ? null : 'python3 is not installed: the generated models cannot be compiled here';

/** Compiles Python source with py_compile; throws with Python's own message when it is not valid. */
export function pyCompile(source: string, name = 'models.py'): void {
  const dir = tempDir('poolscope-py-');
  try {
    const file = join(dir.path, name);
    writeFileSync(file, source);
    execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
    // py_compile checks syntax; ast also rejects what only surfaces at parse time of annotations.
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file], { stdio: 'pipe' });
  } catch (err) {
    const e = err as { stderr?: Buffer };
    throw new Error(`generated Python does not compile:\n${e.stderr?.toString() ?? String(err)}\n---\n${source}`);
  } finally {
    dir.cleanup();
  }
}

/**
 * Compiles many Python sources in one python3 run (one process per file is far too slow for the
 * export's hundreds of generated files); throws with every failure and its source.
 */
export function pyCompileAll(sources: Record<string, string>): void {
  const dir = tempDir('poolscope-py-');
  try {
    const names = Object.keys(sources);
    names.forEach((n, i) => writeFileSync(join(dir.path, `f${i}.py`), sources[n]!));
    const script = 'import ast, sys\nbad = []\nfor p in sys.argv[1:]:\n    src = open(p, encoding="utf-8").read()\n    try:\n        compile(src, p, "exec")\n        ast.parse(src)\n    except SyntaxError as e:\n        bad.append(f"{p}: {e}")\nprint("\\n".join(bad))\nsys.exit(1 if bad else 0)\n';
    const r = spawnSync('python3', ['-c', script, ...names.map((_, i) => join(dir.path, `f${i}.py`))], { encoding: 'utf8' });
    if (r.status !== 0) {
      const failures = r.stdout.trim().split('\n').map((line) => {
        const i = Number(/f(\d+)\.py/.exec(line)?.[1]);
        return `${names[i] ?? '?'}: ${line}\n---\n${sources[names[i]!] ?? ''}`;
      });
      throw new Error(`generated Python does not compile:\n${failures.join('\n') || r.stderr}`);
    }
  } finally {
    dir.cleanup();
  }
}
