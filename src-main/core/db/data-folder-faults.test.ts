import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../core';
import { createHandlers, dispatch } from '../../api';
import { appRoot } from '../paths';
import { parseProfile } from '../../shared/profile';
import { tempDir } from '../../../test/tmp';

const profile = (name: string) => parseProfile({ name, backend: 'postgresql', host: 'db', user: 'u', database: 'd', passwordMode: 'saved' });

/**
 * Runs `poolscope <args>` in a child process. Permissions do not bind root, so as root the child
 * runs as nobody (uid 65534) on a folder given to nobody; as any other user it runs as that user.
 */
function cliAsUser(dataDir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const root = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(appRoot(), 'test', 'fixtures', 'cli.ts'), ...args, '--data-dir', dataDir], {
    cwd: appRoot(),
    encoding: 'utf8',
    timeout: 60_000,
    ...(root ? { uid: 65534, gid: 65534 } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function giveAway(path: string): void {
  if (process.getuid?.() !== 0) return;
  const walk = (p: string): void => {
    chownSync(p, 65534, 65534);
    if (statSync(p).isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
  };
  walk(path);
}

describe('the data folder when the disk or its files go wrong', () => {
  const dirs: Array<{ path: string; cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  const fresh = () => {
    const d = tempDir();
    // The folder itself must be reachable by the other user.
    chmodSync(d.path, 0o755);
    dirs.push(d);
    return join(d.path, 'data');
  };
  const seed = async (dataDir: string, names: string[]) => {
    const core = new Core({ dataDir, mode: 'cli' });
    for (const n of names) core.connections.create(profile(n), `pw-${n}`);
    await core.close();
  };

  it('a full disk answers in words, not INTERNAL, and keeps what was saved', async () => {
    const dataDir = fresh();
    const core = new Core({ dataDir, mode: 'cli', seedDemo: false });
    try {
      core.connections.create(profile('kept'), 'pw');
      // SQLite's page cap gives the same SQLITE_FULL a full disk does.
      const pages = core.db.pragma('page_count', { simple: true }) as number;
      core.db.pragma(`max_page_count = ${pages}`);
      const handlers = createHandlers(core);
      let r: Awaited<ReturnType<typeof dispatch>> = { ok: true, value: null };
      for (let i = 0; i < 200 && r.ok; i++) r = await dispatch(handlers, 'connections.create', { profile: { ...profile(`more ${i}`), notes: 'x'.repeat(2000) } }, { transport: 'test' }, core.logger);
      expect(r).toMatchObject({ ok: false, error: { code: 'DB_ERROR', message: expect.stringMatching(/disk .* is full: this change was not saved/), hint: expect.stringMatching(/Free some disk space/) } });
      expect(core.connections.findByName('kept')).toBeDefined();
      expect(core.connections.password(core.connections.findByName('kept')!.id)).toBe('pw');
    } finally {
      await core.close();
    }
  });

  it('tightens an existing 0777 data folder to 0700 and a 0444 store to 0600 before opening it', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['one']);
    chmodSync(dataDir, 0o777);
    chmodSync(join(dataDir, 'poolscope.db'), 0o444);
    giveAway(dataDir);
    const r = cliAsUser(dataDir, ['list']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/one/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'poolscope.db')).mode & 0o777).toBe(0o600);
  });

  it('a read-only data folder still lists saved connections, and says it is read-only', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['alpha', 'beta']);
    giveAway(dataDir);
    chmodSync(dataDir, 0o500);
    try {
      const r = cliAsUser(dataDir, ['list']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/alpha/);
      expect(r.stdout).toMatch(/beta/);
      expect(r.stderr).toMatch(/The data folder is read-only/);
      expect(readdirSync(dataDir).filter((f) => f.includes('corrupt'))).toEqual([]);
    } finally {
      chmodSync(dataDir, 0o700);
    }
  });

  it('a read-only data folder without secret.key: the connections are listed and the lost passwords named, no raw EACCES', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['alpha', 'beta']);
    rmSync(join(dataDir, 'secret.key'));
    giveAway(dataDir);
    chmodSync(dataDir, 0o500);
    try {
      const r = cliAsUser(dataDir, ['list']);
      expect(r.stderr).not.toMatch(/(EACCES|EROFS|EPERM): /);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/alpha/);
      expect(r.stdout).toMatch(/beta/);
      expect(r.stderr).toMatch(/2 saved passwords can no longer be read/);
      expect(r.stderr).toMatch(/missing and the data folder cannot be written/);
      expect(readdirSync(dataDir)).not.toContain('secret.key');
    } finally {
      chmodSync(dataDir, 0o700);
    }
  });

  it('an empty secret.key: the start goes on and says which passwords were lost, what was kept and how to recover', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['orders', 'billing']);
    truncateSync(join(dataDir, 'secret.key'), 0);
    const core = new Core({ dataDir, mode: 'serve' });
    try {
      const n = core.notices.find((x) => x.id === 'secret-key-replaced')!;
      expect(n.level).toBe('error');
      expect(n.title).toBe('2 saved passwords can no longer be read');
      expect(n.message).toMatch(/was damaged \(it was empty \(0 bytes\)\)\. It was moved to .*secret\.key\.damaged-/);
      expect(n.message).toMatch(/"orders", "billing"/);
      expect(n.message).toMatch(/Kept: every connection with its settings/);
      expect(n.message).toMatch(/put the old secret\.key back/);
      expect(core.connections.list().map((c) => c.name)).toEqual(expect.arrayContaining(['orders', 'billing']));
      expect(() => core.connections.password(core.connections.findByName('orders')!.id)).toThrow(/could not be decrypted/);
    } finally {
      await core.close();
    }
  });

  it('a deleted key file is told, not silently replaced', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['orders']);
    rmSync(join(dataDir, 'secret.key'));
    giveAway(dataDir);
    const r = cliAsUser(dataDir, ['list']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/1 saved password can no longer be read\. The key file .* was missing, so a new key was created\. The saved passwords of "orders"/);
  });

  it('a saved connection with broken JSON is named; the others are listed, and the row is kept', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['good', 'broken']);
    const raw = new Database(join(dataDir, 'poolscope.db'));
    raw.prepare("UPDATE connections SET profile = '{\"name\": \"broken\", ' WHERE name = 'broken'").run();
    raw.close();
    const core = new Core({ dataDir, mode: 'cli' });
    try {
      const n = core.notices.find((x) => x.id === 'profiles-unreadable')!;
      expect(n.title).toBe('1 saved connection could not be read');
      expect(n.message).toMatch(/"broken": its saved settings are not valid JSON\. .*kept unchanged in the store/);
      expect(core.connections.list().map((c) => c.name)).toContain('good');
      expect((core.db.prepare("SELECT count(*) AS n FROM connections WHERE name = 'broken'").get() as { n: number }).n).toBe(1);
    } finally {
      await core.close();
    }
  });

  it('a store cut to 0 bytes is told: what was lost, what was kept, how to recover', async () => {
    const dataDir = fresh();
    await seed(dataDir, ['gone']);
    truncateSync(join(dataDir, 'poolscope.db'), 0);
    const core = new Core({ dataDir, mode: 'cli' });
    try {
      const n = core.notices.find((x) => x.id === 'store-emptied')!;
      expect(n.level).toBe('error');
      expect(n.message).toMatch(/cut to 0 bytes.*are gone.*Kept: the key file.*put poolscope\.db back from a backup.*Import all/);
    } finally {
      await core.close();
    }
    // A brand-new folder whose store another process has just created (0 bytes, nothing else yet) is not "lost".
    const other = fresh();
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'poolscope.db'), '');
    const again = new Core({ dataDir: other, mode: 'cli' });
    expect(again.notices).toEqual([]);
    await again.close();
  });

  it('a WAL damaged in the middle: the dropped saves are told, the ones before are kept', async () => {
    const dataDir = fresh();
    const core = new Core({ dataDir, mode: 'cli', seedDemo: false });
    // Keep every save in the WAL (no checkpoint), then take the files as a crash would leave them.
    core.db.pragma('wal_autocheckpoint = 0');
    core.connections.create(profile('early'), 'pw-early');
    const walBefore = statSync(join(dataDir, 'poolscope.db-wal')).size;
    for (const n of ['late 1', 'late 2', 'late 3']) core.connections.create(profile(n), `pw-${n}`);
    // The crash image: the store and its WAL as they are on disk while the process still runs.
    const image = { main: readFileSync(join(dataDir, 'poolscope.db')), wal: readFileSync(join(dataDir, 'poolscope.db-wal')), key: readFileSync(join(dataDir, 'secret.key')) };
    await core.close();
    const restore = (wal: Buffer): string => {
      const to = fresh();
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, 'poolscope.db'), image.main);
      writeFileSync(join(to, 'poolscope.db-wal'), wal);
      writeFileSync(join(to, 'secret.key'), image.key);
      return to;
    };
    // One flipped byte in the first page written after "early": SQLite's recovery stops there.
    const damaged = Buffer.from(image.wal);
    damaged[walBefore + 24 + 100] = damaged[walBefore + 24 + 100]! ^ 0xff;
    const crashed = restore(damaged);
    const after = new Core({ dataDir: crashed, mode: 'cli', seedDemo: false });
    try {
      const n = after.notices.find((x) => x.id === 'store-wal-damaged')!;
      expect(n.level).toBe('error');
      expect(n.title).toBe('The last 3 saved changes could not be recovered');
      expect(n.message).toMatch(/damaged at frame \d+ .*Kept: everything saved before it\. A copy of the damaged log is at .*poolscope\.db-wal\.damaged-/);
      expect(after.connections.list().map((c) => c.name)).toEqual(['early']);
      expect(after.connections.password(after.connections.findByName('early')!.id)).toBe('pw-early');
    } finally {
      await after.close();
    }
    // The same crash image with the WAL intact gives no notice and every save.
    const intact = restore(image.wal);
    const ok = new Core({ dataDir: intact, mode: 'cli', seedDemo: false });
    expect(ok.notices).toEqual([]);
    expect(ok.connections.list()).toHaveLength(4);
    await ok.close();
  });
});
