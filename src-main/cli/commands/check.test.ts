import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { runCli } from '../main';
import { EXIT } from '../command';
import { tempDir } from '../../../test/tmp';
import { Core } from '../../core/core';

/** `poolscope check` end to end over real SQLite databases: output, JSON and every exit code. */
describe('poolscope check', () => {
  let dir: { path: string; cleanup(): void };
  let out: string;
  let err: string;
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (err += `${t}\n`) };
  const cli = (...argv: string[]) => runCli(argv, io);
  beforeEach(() => {
    dir = tempDir();
    out = '';
    err = '';
  });
  afterEach(() => dir.cleanup());

  const fileDb = () => {
    const file = join(dir.path, 'app.db');
    new Database(file).close();
    return file;
  };

  it('exits 0 when nothing fails, and prints the checks with the matrix cell', async () => {
    const code = await cli('check', `sqlite+aiosqlite:///${fileDb()}`, '--data-dir', join(dir.path, 'data'));
    expect(err).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^Checks for sqlite\+aiosqlite:\/\/\/.*app\.db: SQLite \d+\.\d+/);
    expect(out).toContain('Matrix: SQLite file (embedded / CLI), test / local, OLTP / API -> aiosqlite, default (AsyncAdaptedQueuePool)');
    expect(out).toMatch(/PASS {2}sqlite-writers/);
    expect(out).toMatch(/0 fail, \d+ warn, \d+ info, \d+ pass -> ok/);
  });

  it('exits 1 on a failing check: in-memory SQLite with --pool-class QueuePool', async () => {
    const code = await cli('check', 'sqlite+aiosqlite://', '--pool-class', 'QueuePool');
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/FAIL {2}sqlite-memory-pool/);
    expect(out).toContain('fix: Use poolclass=StaticPool.');
    expect(out).toContain('settings: pool.poolClass=StaticPool');
    expect(out).toContain('-> FAILED');
  });

  it('applies profile flags over the defaults: several writer processes in production fail', async () => {
    expect(await cli('check', `sqlite+aiosqlite:///${fileDb()}`, '--processes', '4', '--environment', 'production')).toBe(EXIT.failed);
    expect(out).toMatch(/FAIL {2}sqlite-writers +4 processes write to one SQLite file in production/);
  });

  it('prints the whole run as JSON with --json', async () => {
    const code = await cli('check', 'sqlite+aiosqlite://', '--json', '--pool-class', 'StaticPool');
    expect(code).toBe(EXIT.ok);
    const run = JSON.parse(out);
    expect(run.worst).not.toBe('fail');
    expect(run.facts.product).toBe('sqlite');
    expect(run.checks.find((c: { id: string }) => c.id === 'sqlite-memory-pool').severity).toBe('pass');
    expect(run.advice.poolClass.value).toBe('StaticPool');
  });

  // A data folder as the app leaves it (with its demo connection): the command line never creates one.
  const appFolder = async () => {
    const dataDir = join(dir.path, 'data');
    await new Core({ dataDir, mode: 'cli' }).close();
    return dataDir;
  };

  it('checks a saved connection by name and stores the run, so the next run reports changes', async () => {
    const dataDir = await appFolder();
    expect(await cli('check', 'Demo (SQLite)', '--data-dir', dataDir)).toBe(EXIT.ok);
    expect(out).toContain('Checks for Demo (SQLite): SQLite');
    out = '';
    expect(await cli('check', 'demo (sqlite)', '--data-dir', dataDir, '--json')).toBe(EXIT.ok);
    expect(JSON.parse(out).previousRanAt).toMatch(/^\d{4}-/);
  });

  it('exits 2 on usage errors: no target, an unknown flag, a bad value, an unknown name, a malformed URL', async () => {
    expect(await cli('check')).toBe(EXIT.usage);
    expect(err).toContain('Name a saved connection or give a URL');
    expect(await cli('check', 'sqlite+aiosqlite://', '--pool-sise', '3')).toBe(EXIT.usage);
    expect(await cli('check', 'sqlite+aiosqlite://', '--environment', 'prod')).toBe(EXIT.usage);
    expect(err).toContain('--environment must be one of production, staging, test, local, not "prod"');
    expect(await cli('check', 'sqlite+aiosqlite://', '--processes', '0')).toBe(EXIT.usage);
    expect(await cli('check', 'no such connection', '--data-dir', await appFolder())).toBe(EXIT.usage);
    expect(err).toContain('No saved connection is named "no such connection"');
    expect(await cli('check', 'postgresql+nodriver://x/y')).toBe(EXIT.usage);
  });

  it('exits 3 when the server cannot be reached or the file does not exist', async () => {
    expect(await cli('check', 'postgresql://nobody@127.0.0.1:1/x')).toBe(EXIT.error);
    expect(err).toContain('Connection refused: Nothing is listening at 127.0.0.1:1 (connection refused).');
    err = '';
    expect(await cli('check', `sqlite+aiosqlite:///${join(dir.path, 'missing.db')}`)).toBe(EXIT.error);
    expect(err).toContain('does not exist');
  });
});
