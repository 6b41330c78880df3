import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/tmp';
import { candidates, resolveInterpreter } from './interpreters';
import { runnerArgv, runnerEnv } from './runner-process';

const dir = tempDir('poolscope-interp-');
afterAll(() => dir.cleanup());

/** A file that passes for an interpreter (executable); nothing here runs it. */
function fakePython(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(process.platform === 'win32')('where Poolscope looks for a Python', () => {
  const venv = join(dir.path, 'active-venv');
  const project = join(dir.path, 'project');
  const bin = join(dir.path, 'bin');
  fakePython(join(venv, 'bin', 'python'));
  fakePython(join(project, '.venv', 'bin', 'python'));
  fakePython(join(bin, 'python3'));
  fakePython(join(bin, 'python'));

  it('the chosen one first, then the active virtualenv, the chosen projects\' .venv, python3 and python on PATH; each once', () => {
    const env = { VIRTUAL_ENV: venv, PATH: [join(dir.path, 'nowhere'), bin].join(':') };
    const found = candidates({ chosen: join(bin, 'python3'), projects: [project], env });
    expect(found.map((c) => [c.source, c.path])).toEqual([
      ['chosen', join(bin, 'python3')],
      ['virtualenv', join(venv, 'bin', 'python')],
      ['project', join(project, '.venv', 'bin', 'python')],
      ['path', join(bin, 'python')],
    ]);
    expect(found[1]!.label).toBe(`active virtualenv ${venv}`);
  });

  it('a given path may be the interpreter, a virtualenv or a project folder; anything else says why not', () => {
    expect(resolveInterpreter(project)).toEqual({ path: join(project, '.venv', 'bin', 'python') });
    expect(resolveInterpreter(venv)).toEqual({ path: join(venv, 'bin', 'python') });
    expect(resolveInterpreter(join(bin, 'python3'))).toEqual({ path: join(bin, 'python3') });
    expect(resolveInterpreter(join(dir.path, 'missing'))).toEqual({ problem: `${join(dir.path, 'missing')} does not exist.` });
    expect(resolveInterpreter(bin)).toMatchObject({ problem: expect.stringContaining('holds no virtualenv') });
    const plain = join(dir.path, 'not-executable');
    writeFileSync(plain, 'x');
    expect(resolveInterpreter(plain)).toEqual({ problem: `${plain} is not an executable file.` });
  });
});

describe('the runner\'s command line and environment', () => {
  it('is fixed (no scenario, no password) and the child inherits nothing of Poolscope\'s own variables', () => {
    const argv = runnerArgv();
    expect(argv.slice(0, 3)).toEqual(['-E', '-s', '-B']);
    expect(argv).toHaveLength(4);
    expect(argv[3]).toMatch(/resources[\\/]python[\\/]poolscope_verify\.py$/);
    const env = runnerEnv({ PATH: '/usr/bin', HOME: '/home/me', POOLSCOPE_PASSWORD: 'secret', DATABASE_URL: 'postgresql://u:secret@h/db', PGPASSWORD: 'secret', LANG: 'C.UTF-8' });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' });
  });
});
