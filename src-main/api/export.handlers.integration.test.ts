import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Core } from '../core/core';
import { createHandlers, dispatch } from './index';
import { silentLogger } from '../core/logging/logger';
import { runCli } from '../cli/main';
import { zipBundle, type ExportPreview, type SaveResult } from '../shared/export/bundle';
import type { ConnectionProfile } from '../shared/profile';
import type { TypesReport } from '../shared/typemap-model';
import { mysqlAdmin, mysqlTarget, pgTarget, uniqueName } from '../../test/servers';
import { serverMissing } from '../../test/requires';
import { tempDir } from '../../test/tmp';
import { PYTHON_MISSING } from '../../test/python';

/** Every file below a folder, as path → text. */
function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Fails naming the file when the password is anywhere in it (also URL-encoded). */
function expectNoSecret(files: Record<string, string>, password: string): void {
  expect(Object.keys(files).length).toBeGreaterThan(0);
  for (const [path, text] of Object.entries(files)) {
    expect(text.includes(password), `${path} contains the saved password`).toBe(false);
    expect(text.includes(encodeURIComponent(password)), `${path} contains the saved password, URL-encoded`).toBe(false);
  }
}

/** Calls a handler through dispatch (validation included); a structured error becomes a rejection carrying its code. */
function caller(handlers: () => ReturnType<typeof createHandlers>) {
  return async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(handlers(), method, input, { transport: 'test' }, silentLogger);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
}

describe('config export through the handlers and the CLI (demo SQLite)', () => {
  const dir = tempDir();
  const folder = tempDir();
  let core: Core;
  let handlers: ReturnType<typeof createHandlers>;
  const call = caller(() => handlers);
  let chooser: () => string | null = () => folder.path;

  beforeAll(() => {
    core = new Core({ dataDir: dir.path, mode: 'cli' });
    handlers = createHandlers(core, { chooseFolder: async () => chooser() });
  });
  afterAll(async () => {
    await core.close();
    dir.cleanup();
    folder.cleanup();
  });

  it('previews from the last check run, saves to the chosen folder, and diffs against that save next time', async () => {
    const demo = core.connections.list().find((c) => c.builtin)!;
    const before = await call<ExportPreview>('export.preview', { id: demo.id });
    expect(before.bundle.basis.measured).toBeNull();
    expect(before.last).toBeNull();
    expect(before.targets).toEqual(['python']);

    await call('checks.run', { id: demo.id });
    const preview = await call<ExportPreview>('export.preview', { id: demo.id });
    expect(preview.bundle.basis.measured?.product).toBe('sqlite');
    expect(preview.bundle.files.map((f) => f.path)).toEqual(['db.py', '.env.example', 'requirements.txt', 'requirements-test.txt', 'tests/conftest.py', 'tests/test_database.py']);

    const saved = await call<SaveResult>('export.saveToFolder', { bundleId: preview.bundle.id });
    expect(saved).toMatchObject({ saved: true, dir: folder.path });
    expect(filesIn(folder.path)).toEqual(Object.fromEntries(preview.bundle.files.map((f) => [f.path, f.content])));
    const next = await call<ExportPreview>('export.preview', { id: demo.id });
    expect(next.last?.via).toBe('folder');
    expect(next.last?.files).toEqual(preview.bundle.files.map((f) => ({ path: f.path, content: f.content })));

    // Someone edited db.py: saving again is refused with the list, and overwrite reuses the same folder.
    writeFileSync(join(folder.path, 'db.py'), '# mine\n');
    await expect(call('export.saveToFolder', { bundleId: next.bundle.id })).rejects.toMatchObject({ code: 'CONFLICT', details: { files: ['db.py'] } });
    chooser = () => {
      throw new Error('the folder dialog must not open again for overwrite');
    };
    const over = await call<SaveResult>('export.saveToFolder', { bundleId: next.bundle.id, overwrite: true });
    expect(over.written).toEqual(['db.py']);
    chooser = () => null;
    expect(await call<SaveResult>('export.saveToFolder', { bundleId: next.bundle.id })).toMatchObject({ saved: false });
  });

  it('takes models.py from a Types report of the same connection, and has no Node target for SQLite', async () => {
    const demo = core.connections.list().find((c) => c.builtin)!;
    const report = await call<TypesReport>('types.introspect', { id: demo.id, jobId: 'export-models' });
    const preview = await call<ExportPreview>('export.preview', { id: demo.id, models: { reportId: report.id, tables: ['users', 'tenants'], variant: 'portable' } });
    const models = preview.bundle.files.find((f) => f.path === 'models.py')!.content;
    expect(models).toContain('class Users(Base):');
    expect(models).toContain('class Tenants(Base):');
    expect(models).not.toContain('class ApiKeys(Base):');
    expect(preview.bundle.models).toEqual({ tables: 2, variant: 'portable' });
    await expect(call('export.preview', { id: demo.id, models: { reportId: 'gone', tables: [], variant: 'portable' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('export.preview', { id: demo.id, target: 'node' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('serve mode: no folder dialog, and a downloaded zip is recorded as the last export', async () => {
    const web = createHandlers(core);
    const demo = core.connections.list().find((c) => c.builtin)!;
    const r = await dispatch(web, 'export.preview', { id: demo.id }, { transport: 'test' }, silentLogger);
    const bundleId = (r as { ok: true; value: ExportPreview }).value.bundle.id;
    expect(await dispatch(web, 'export.saveToFolder', { bundleId }, { transport: 'test' }, silentLogger)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(await dispatch(web, 'export.record', { bundleId, via: 'zip' }, { transport: 'test' }, silentLogger)).toMatchObject({ ok: true, value: { via: 'zip' } });
  });

  it('poolscope export writes the bundle, refuses to replace other files without --force, and says what it wrote', async () => {
    const out = join(folder.path, 'cli');
    let text = '';
    const io = { out: (s: string) => void (text += s), err: (s: string) => void (text += s) };
    expect(await runCli(['export', 'Demo (SQLite)', '--out', out, '--data-dir', dir.path], io)).toBe(0);
    expect(text).toContain('db.py');
    expect(text).toContain('tests/conftest.py');
    expect(existsSync(join(out, 'tests', 'conftest.py'))).toBe(true);
    writeFileSync(join(out, 'requirements.txt'), 'flask\n');
    text = '';
    expect(await runCli(['export', 'Demo (SQLite)', '--out', out, '--data-dir', dir.path, '--workload', 'bulk'], io)).toBe(3);
    expect(text).toMatch(/already has [^]*requirements\.txt[^]*with other content[^]*Nothing was written[^]*--force/);
    expect(readFileSync(join(out, 'requirements.txt'), 'utf8')).toBe('flask\n');
    expect(await runCli(['export', 'Demo (SQLite)', '--out', out, '--data-dir', dir.path, '--force'], io)).toBe(0);
    expect(readFileSync(join(out, 'requirements.txt'), 'utf8')).toContain('aiosqlite');
    expect(await runCli(['export', 'Demo (SQLite)', '--data-dir', dir.path], io)).toBe(2);
    expect(await runCli(['export', 'Demo (SQLite)', '--out', out, '--target', 'ruby', '--data-dir', dir.path], io)).toBe(2);
  });
});

describe.skipIf(serverMissing('mysql') ?? serverMissing('postgres'))('never a secret: every exported file, by every path, against real servers', () => {
  const dir = tempDir();
  const out = tempDir();
  const t = mysqlTarget();
  const user = uniqueName('px');
  // Distinctive, with characters that URL-encode, so an encoded copy would be caught too.
  const password = `Pw-${uniqueName('s3')}/@:!`;
  let core: Core;
  let handlers: ReturnType<typeof createHandlers>;
  const call = caller(() => handlers);

  beforeAll(async () => {
    const admin = await mysqlAdmin();
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    await admin.query(`GRANT SELECT ON \`${t.database}\`.* TO ?@?`, [user, '%']);
    await admin.end();
    core = new Core({ dataDir: dir.path, mode: 'cli' });
    handlers = createHandlers(core, { chooseFolder: async () => join(out.path, 'folder') });
  });
  afterAll(async () => {
    await core.close();
    const admin = await mysqlAdmin();
    await admin.query('DROP USER IF EXISTS ?@?', [user, '%']);
    await admin.end();
    dir.cleanup();
    out.cleanup();
  });

  it('UI path, folder, zip, stored last export and CLI (saved name and URL with the password) hold no password', async () => {
    const maria = await call<ConnectionProfile>('connections.create', {
      profile: { name: 'Orders (MariaDB)', backend: 'mariadb', host: t.host, port: t.port, user, database: t.database, passwordMode: 'saved', tls: { mode: 'disable' }, service: { environment: 'production' } },
      password,
    });
    const pgT = pgTarget();
    const pgConn = await call<ConnectionProfile>('connections.create', {
      profile: { name: 'Orders (PostgreSQL)', backend: 'postgresql', host: pgT.host, port: pgT.port, user: pgT.user, database: pgT.database, passwordMode: 'saved', tls: { mode: 'disable' }, service: { driver: 'asyncpg' } },
      password,
    });
    const all: Record<string, string> = {};
    for (const c of [maria, pgConn]) {
      await call('checks.run', { id: c.id });
      for (const target of ['python', 'node'] as const) {
        const preview = await call<ExportPreview>('export.preview', { id: c.id, target });
        expect(preview.bundle.basis.measured).not.toBeNull();
        for (const f of preview.bundle.files) all[`${c.name}/${target}/preview/${f.path}`] = f.content;
        const zip = zipBundle(preview.bundle.files);
        all[`${c.name}/${target}/bundle.zip (raw)`] = Buffer.from(zip).toString('latin1');
        if (!PYTHON_MISSING) {
          const path = join(out.path, `${c.id}-${target}.zip`);
          writeFileSync(path, zip);
          const py = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print("\\n".join(z.read(n).decode() for n in z.namelist()))', path], { encoding: 'utf8' });
          all[`${c.name}/${target}/bundle.zip (unzipped)`] = py.stdout;
        }
        await call('export.record', { bundleId: preview.bundle.id, via: 'zip' });
      }
      const preview = await call<ExportPreview>('export.preview', { id: c.id });
      await call('export.saveToFolder', { bundleId: preview.bundle.id, overwrite: true });
    }
    expect(all['Orders (MariaDB)/python/preview/.env.example']).toMatch(/^DATABASE_URL=mariadb\+asyncmy:\/\/px_\w+:CHANGE_ME@/m);
    Object.assign(all, Object.fromEntries(Object.entries(filesIn(join(out.path, 'folder'))).map(([k, v]) => [`folder/${k}`, v])));
    const stored = core.db.prepare('SELECT export FROM exports').all() as Array<{ export: string }>;
    stored.forEach((r, i) => (all[`stored export ${i}`] = r.export));

    const io = { out: () => undefined, err: () => undefined };
    const cliSaved = join(out.path, 'cli-saved');
    expect(await runCli(['export', 'Orders (MariaDB)', '--out', cliSaved, '--data-dir', dir.path, '--measure'], io)).toBe(0);
    const url = `mysql+asyncmy://${user}:${encodeURIComponent(password)}@${t.host}:${t.port}/${t.database}`;
    const cliUrl = join(out.path, 'cli-url');
    expect(await runCli(['export', url, '--out', cliUrl, '--data-dir', dir.path, '--target', 'node'], io)).toBe(0);
    for (const [k, v] of Object.entries(filesIn(cliSaved))) all[`cli-saved/${k}`] = v;
    for (const [k, v] of Object.entries(filesIn(cliUrl))) all[`cli-url/${k}`] = v;
    expect(Object.keys(all).filter((k) => k.startsWith('cli-url/'))).toEqual(['cli-url/.env.example', 'cli-url/node/pool.ts']);
    expectNoSecret(all, password);
  });

  it('the scan itself catches a password', () => {
    expect(() => expectNoSecret({ 'db.py': `x = "${encodeURIComponent(password)}"` }, password)).toThrow(/contains the saved password/);
  });
});
