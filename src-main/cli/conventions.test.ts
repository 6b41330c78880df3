import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, COMMANDS } from './main';
import { EXIT } from './command';
import { Core } from '../core/core';
import { parseProfile } from '../shared/profile';
import { tempDir } from '../../test/tmp';

/** One set of conventions for every command: exit codes, --json (errors too), -V, suggestions, no side effects. */
async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => void (out += `${s}\n`), err: (s) => void (err += `${s}\n`) });
  return { code, out, err };
}

describe('poolscope command line conventions', () => {
  const dirs: Array<{ path: string; cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  const folder = async () => {
    const d = tempDir();
    dirs.push(d);
    const core = new Core({ dataDir: d.path, mode: 'cli', seedDemo: false });
    core.connections.create(parseProfile({ name: 'Orders', backend: 'postgresql', host: 'db', port: 5432, user: 'app', database: 'orders' }));
    await core.close();
    return d.path;
  };

  it('documents one exit-code table and -V in --help; bare poolscope is a usage error on stderr', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+3 /);
    expect(help.out).toContain('-V, --version');
    const bare = await cli();
    expect(bare.code).toBe(EXIT.usage);
    expect(bare.out).toBe('');
    expect(bare.err).toContain('Usage: poolscope <command>');
    for (const v of ['-V', '--version']) {
      const r = await cli(v);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('suggests the command or flag that was meant', async () => {
    const cmd = await cli('lst');
    expect(cmd.code).toBe(EXIT.usage);
    expect(cmd.err).toContain('Did you mean "list"?');
    const flag = await cli('list', '--datadir', '/x');
    expect(flag.code).toBe(EXIT.usage);
    expect(flag.err).toContain('Did you mean --data-dir?');
  });

  it('every command takes --json, and its errors are JSON too, with the exit code', async () => {
    const dir = await folder();
    for (const c of COMMANDS) expect(Object.keys(c.flags), c.name).toContain('json');
    const url = await cli('url', 'Orders', '--json', '--data-dir', dir);
    expect(url.code).toBe(EXIT.ok);
    expect(JSON.parse(url.out)).toMatchObject({ url: 'postgresql+asyncpg://app@db:5432/orders' });
    for (const argv of [['url', 'Nope'], ['check', 'Nope'], ['types', 'Nope'], ['export', 'Nope', '--out', join(dir, 'o')]]) {
      const r = await cli(...argv, '--json', '--data-dir', dir);
      expect(r.code, argv[0]).toBe(EXIT.usage);
      expect(JSON.parse(r.out), argv[0]).toMatchObject({ error: { code: 'NOT_FOUND', exit: 2, message: 'No saved connection is named "Nope".' } });
    }
    const bad = await cli('check', 'postgresql+asyncpg://u@h:notaport/x', '--json');
    expect(bad.code).toBe(EXIT.usage);
    expect(JSON.parse(bad.out).error).toMatchObject({ code: 'BAD_URL', exit: 2 });
    const flag = await cli('check', 'x', '--pool-sise', '3', '--json');
    expect(flag.code).toBe(EXIT.usage);
    expect(JSON.parse(flag.out).error).toMatchObject({ code: 'BAD_INPUT', exit: 2 });
  });

  it('a malformed URL and an unknown name exit 2 in every command', async () => {
    const dir = await folder();
    for (const cmd of ['url', 'check', 'types']) {
      expect((await cli(cmd, 'Nope', '--data-dir', dir)).code, cmd).toBe(EXIT.usage);
      expect((await cli(cmd, 'postgresql+asyncpg://u@h:notaport/x', '--data-dir', dir)).code, cmd).toBe(EXIT.usage);
    }
  });

  it('a read-only command on a missing data folder creates nothing', async () => {
    const d = tempDir();
    dirs.push(d);
    const missing = join(d.path, 'nope');
    const list = await cli('list', '--data-dir', missing);
    expect(list.code).toBe(EXIT.ok);
    expect(list.out).toContain(`no data folder at ${missing}`);
    expect((await cli('list', '--json', '--data-dir', missing)).out.trim()).toBe('[]');
    const url = await cli('url', 'Orders', '--data-dir', missing);
    expect(url.code).toBe(EXIT.usage);
    expect(url.err).toContain(`There is no data folder at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('says on the command line what the UI says about a postgres:// URL', async () => {
    const r = await cli('url', 'postgres://app@db/orders');
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toContain('does not accept the postgres:// alias');
  });
});

describe('the browser\'s "Copy URL with password" hint', () => {
  it('names the data folder when the command line would not find it by default', async () => {
    const { cliUrlCommand } = await import('../api/connections.handlers');
    expect(cliUrlCommand('Orders "EU"', '/srv/poolscope-data')).toBe('npx poolscope url "Orders \\"EU\\"" --with-password --data-dir "/srv/poolscope-data"');
    const { defaultDataDir } = await import('../core/paths');
    expect(cliUrlCommand('Orders', defaultDataDir())).toBe('npx poolscope url "Orders" --with-password');
  });
});
