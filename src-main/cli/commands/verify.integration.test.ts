import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../main';
import { EXIT } from '../command';
import { tempDir } from '../../../test/tmp';

/** `poolscope verify`: the comparison as JSON and its exit codes, with the pinned Python and with one lacking SQLAlchemy. */
const PY = inject('python').python;
const dir = tempDir('poolscope-cli-verify-');
afterAll(() => dir.cleanup());

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => void (out += `${s}\n`), err: (s) => void (err += `${s}\n`) });
  return { code, out, err };
}

describe('poolscope verify', () => {
  it.skipIf(!PY)(`compares an in-memory SQLite run on real SQLAlchemy with Poolscope's and exits 0 when they behave alike${PY ? '' : ' (SKIPPED: no pinned Python env)'}`, async () => {
    const r = await cli('verify', 'sqlite+aiosqlite:///:memory:', '--python', PY!, '--concurrency', '3', '--duration', '1', '--hold-ms', '5', '--json', '--data-dir', join(dir.path, 'none'));
    const dto = JSON.parse(r.out);
    expect(dto.state, r.err).toBe('done');
    expect(dto.python.poolClass).toBe('StaticPool');
    expect(dto.poolscope.poolClass).toBe('StaticPool');
    expect(dto.differences).toBe(0);
    expect(r.code).toBe(EXIT.ok);
  }, 60_000);

  it('an interpreter without SQLAlchemy: exit 3, the missing packages and the pip command; bad flags and a --python that is no interpreter: exit 2', async () => {
    const venv = join(dir.path, 'bare');
    expect(spawnSync('python3', ['-m', 'venv', '--without-pip', venv]).status).toBe(0);
    const r = await cli('verify', 'sqlite+aiosqlite:///:memory:', '--python', venv, '--duration', '1', '--json');
    expect(r.code).toBe(EXIT.error);
    const { error } = JSON.parse(r.out);
    expect(error.message).toContain('is missing SQLAlchemy 2.0');
    expect(error.hint).toBe(`Install it with: ${join(venv, 'bin', 'python')} -m pip install "sqlalchemy[asyncio]>=2.0" aiosqlite`);
    expect((await cli('verify', 'sqlite+aiosqlite:///:memory:', '--source', 'both')).code).toBe(EXIT.usage);
    expect((await cli('verify', 'sqlite+aiosqlite:///:memory:', '--concurrency', '0')).code).toBe(EXIT.usage);
    expect((await cli('verify', 'sqlite+aiosqlite:///:memory:', '--python', join(dir.path, 'nope'))).code).toBe(EXIT.usage);
  }, 60_000);
});
