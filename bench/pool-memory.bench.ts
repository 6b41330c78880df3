import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeMysql, probePostgres } from '../test/servers';
import type { Bench } from './harness';

const here = dirname(fileURLToPath(import.meta.url));

interface MemoryFigures {
  mode: string;
  connections: number;
  rssMB: number;
  heapMB: number;
  externalMB: number;
}

function measure(mode: 'poolscope' | 'raw'): MemoryFigures {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'pool-memory.child.ts'), mode], { encoding: 'utf8', cwd: join(here, '..'), timeout: 120_000 });
  if (r.status !== 0) throw new Error(`memory child (${mode}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as MemoryFigures;
}

export const poolMemoryBench: Bench = {
  name: 'pool-memory',
  description: '10 pools x 20 idle connections (3 PostgreSQL, 5 MariaDB, 2 SQLite) vs the same 200 raw driver connections; memory added to the process',
  async run() {
    if ((await probePostgres()) || (await probeMysql())) throw new Error('pool-memory needs both PostgreSQL and MariaDB');
    const ours = measure('poolscope');
    const raw = measure('raw');
    return {
      name: 'pool-memory',
      tables: [
        {
          title: 'Memory added by 200 idle connections, after GC (separate processes)',
          columns: ['what', 'connections', 'RSS MB', 'JS heap MB', 'external MB'],
          rows: [
            ['Poolscope: 10 pools (metrics on)', ours.connections, ours.rssMB, ours.heapMB, ours.externalMB],
            ['raw driver connections', raw.connections, raw.rssMB, raw.heapMB, raw.externalMB],
          ],
          verdicts: [{ target: '10 pools of 20 connections add < 50 MB', ok: ours.rssMB < 50, detail: `${ours.rssMB} MB RSS (raw drivers: ${raw.rssMB} MB)` }],
        },
      ],
      data: { ours, raw },
    };
  },
};
