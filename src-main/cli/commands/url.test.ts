import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../core/core';
import { runCli } from '../main';
import { parseProfile } from '../../shared/profile';
import { tempDir } from '../../../test/tmp';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe('poolscope url', () => {
  const dirs: Array<{ path: string; cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  async function withSaved(): Promise<string> {
    const d = tempDir();
    dirs.push(d);
    const core = new Core({ dataDir: d.path, mode: 'cli', seedDemo: false });
    core.connections.create(parseProfile({ name: 'Orders', backend: 'postgresql', host: 'db', port: 5432, user: 'app', database: 'orders', passwordMode: 'saved', service: { driver: 'psycopg' } }), 'p@ss/w:rd');
    await core.close();
    return d.path;
  }

  it('prints the URL with the password masked by default', async () => {
    const dir = await withSaved();
    const c = capture();
    expect(await runCli(['url', 'orders', '--data-dir', dir], c.io)).toBe(0);
    expect(c.out).toEqual(['postgresql+psycopg://app:***@db:5432/orders']);
  });

  it('prints the real, percent-encoded password only with --with-password, and another driver on request', async () => {
    const dir = await withSaved();
    const c = capture();
    expect(await runCli(['url', 'Orders', '--with-password', '--driver', 'asyncpg', '--data-dir', dir], c.io)).toBe(0);
    expect(c.out).toEqual(['postgresql+asyncpg://app:p%40ss%2Fw%3Ard@db:5432/orders']);
  });

  it('names a wrong driver and an unknown connection', async () => {
    const dir = await withSaved();
    const bad = capture();
    expect(await runCli(['url', 'Orders', '--driver', 'pg8000', '--data-dir', dir], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--driver must be one of asyncpg, psycopg/);
    const missing = capture();
    expect(await runCli(['url', 'Nope', '--data-dir', dir], missing.io)).toBe(2);
    expect(missing.err.join('\n')).toMatch(/No saved connection is named "Nope"/);
  });
  it('refuses a driver of another backend (SQLAlchemy: NoSuchModuleError) with exit 2, in every command that takes --driver', async () => {
    const dir = await withSaved();
    const c = capture();
    expect(await runCli(['url', 'Orders', '--driver', 'aiomysql', '--data-dir', dir], c.io)).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err.join('\n')).toContain('aiomysql is a MySQL/MariaDB driver and "Orders" is a PostgreSQL connection');
    expect(c.err.join('\n')).toContain('asyncpg or psycopg');
    const check = capture();
    expect(await runCli(['check', 'Orders', '--driver', 'aiosqlite', '--data-dir', dir], check.io)).toBe(2);
    expect(check.err.join('\n')).toContain('aiosqlite is a SQLite driver');
  });
});
