import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../core';
import { appRoot } from '../paths';
import { LATEST_VERSION } from './migrations';
import { DEMO_NAME } from '../demo/demo-db';
import { tempDir } from '../../../test/tmp';

interface ChildResult {
  code: number | null;
  report?: { notices: string[]; connections: number; failures: string[] };
  stderr: string;
}

/**
 * Runs `n` Poolscope processes on `dataDir` (test/fixtures/shared-folder.ts), as the app, serve
 * mode or the CLI would start. Each loads its modules, says "ready", and opens the folder only
 * when all are ready, so they really collide instead of starting one after another.
 */
async function together(n: number, dataDir: string, args: (i: number) => string[]): Promise<ChildResult[]> {
  const children = Array.from({ length: n }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', join(appRoot(), 'test', 'fixtures', 'shared-folder.ts'), dataDir, ...args(i)], {
      cwd: appRoot(),
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const outs = children.map(() => ({ out: '', err: '' }));
  const ready = children.map(
    (c, i) =>
      new Promise<void>((resolve, reject) => {
        c.stdout.on('data', (d) => {
          outs[i]!.out += d;
          if (outs[i]!.out.startsWith('ready\n')) resolve();
        });
        c.stderr.on('data', (d) => (outs[i]!.err += d));
        c.on('error', reject);
        c.on('exit', () => reject(new Error(`child ${i} exited before it was ready: ${outs[i]!.err}`)));
      }),
  );
  const done = children.map((c, i) => new Promise<ChildResult>((resolve) => {
    c.on('exit', (code) => {
      const line = outs[i]!.out.trim().split('\n').pop();
      resolve({ code, stderr: outs[i]!.err.trim(), ...(line && line !== 'ready' ? { report: JSON.parse(line) as ChildResult['report'] } : {}) });
    });
  }));
  await Promise.all(ready);
  for (const c of children) c.stdin.end('go\n');
  return Promise.all(done);
}

describe('several processes on one data folder', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d.path;
  };

  it('10 simultaneous first starts, three times: all start, migrations run once, one demo, one key', async () => {
    // The race is timing-bound, so three fresh folders.
    for (let round = 0; round < 3; round++) {
      const dir = fresh();
      const results = await together(10, dir, () => ['start']);
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.report!.notices).toEqual([]);
        expect(r.report!.connections).toBe(1);
      }
      const raw = new Database(join(dir, 'poolscope.db'));
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(raw.prepare('SELECT name FROM connections').all()).toEqual([{ name: DEMO_NAME }]);
      raw.close();
      expect(Buffer.from(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), 'base64')).toHaveLength(32);
    }
  }, 300_000);

  it('1,200 saves from 8 processes at once: none fails, every password opens', async () => {
    const dir = fresh();
    const results = await together(8, dir, (i) => ['create', '150', `p${i}`]);
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.report!.failures).toEqual([]);
    }
    const core = new Core({ dataDir: dir, mode: 'cli' });
    try {
      expect(core.notices).toEqual([]);
      const saved = core.connections.all().filter((c) => !c.builtin);
      expect(saved).toHaveLength(1200);
      for (const s of saved) {
        const [tag, i] = s.name.split(' ');
        expect(core.connections.password(s.id)).toBe(`secret-${tag}-${i}`);
      }
      // The demo was created once, whoever started first.
      expect(core.connections.list().filter((c) => c.builtin)).toHaveLength(1);
    } finally {
      await core.close();
    }
  }, 180_000);
});
