import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../core';
import { appRoot } from '../paths';
import { tempDir } from '../../../test/tmp';

/** Starts the save loop, lets it commit at least `minSaves`, kills it with SIGKILL; returns the last save it reported. */
function saveThenKill(dataDir: string, minSaves: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(appRoot(), 'test', 'fixtures', 'save-loop.ts'), dataDir], { cwd: appRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let out = '';
    let err = '';
    let killing = false;
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) {
        const m = /^saved (\d+)$/.exec(l);
        if (m) last = Number(m[1]);
      }
      if (!killing && last >= minSaves) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`save loop exited with ${code}: ${err}`));
    });
  });
}

describe('SIGKILL while saving connections', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('loses at most the change in flight and never corrupts the store, five kills in a row', async () => {
    let expectedAtLeast = 0;
    for (let round = 0; round < 5; round++) {
      const reported = await saveThenKill(dir.path, expectedAtLeast + 20, 5 + round * 7);
      const raw = new Database(join(dir.path, 'poolscope.db'));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
      const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
      try {
        expect(core.notices).toEqual([]);
        const saved = core.connections.list();
        // Every save reported before the kill is there; at most the one in flight beyond it.
        expect(saved.length).toBeGreaterThanOrEqual(reported);
        expect(saved.length).toBeLessThanOrEqual(reported + 1);
        for (const s of saved.slice(-3)) {
          const n = Number(s.name.replace('conn ', ''));
          expect(core.connections.password(s.id)).toBe(`secret-${n}`);
        }
        expectedAtLeast = saved.length;
      } finally {
        await core.close();
      }
    }
  }, 120_000);
});
