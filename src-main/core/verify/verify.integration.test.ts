import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile, type ProfileData } from '../../shared/profile';
import { scenarioSchema, type ScenarioInput } from '../../shared/lab-types';
import type { VerifyRunDto } from '../../shared/verify-types';
import { mysqlPassword, mysqlProfile, pgPassword, pgProfile } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { tempDir } from '../../../test/tmp';
import { inspectInterpreter } from './interpreters';
import { startRunner } from './runner-process';
import { startVerify, type VerifyPlan } from './verify-run';

/**
 * "Run on real SQLAlchemy" end to end: Poolscope's runner in the pinned Python env (SQLAlchemy
 * 2.0.54 and the drivers) against the real servers, then Poolscope's pool with the same scenario,
 * and the comparison. Under CI the env and the servers exist; a missing one fails there.
 */
const ENV = inject('python');
const PY = ENV.python;
const NO_PY = PY ? null : `no pinned Python env: ${ENV.reason}`;
const dir = tempDir('poolscope-verify-');
afterAll(() => dir.cleanup());

function plan(profile: ProfileData, password: string | undefined, scenario: ScenarioInput, extra: Partial<VerifyPlan> = {}): VerifyPlan {
  return { label: profile.name, connectionId: null, profile, password, facts: null, source: 'pool', scenario: scenarioSchema.parse(scenario), python: PY!, ...extra };
}

async function run(p: VerifyPlan): Promise<VerifyRunDto> {
  const updates: VerifyRunDto[] = [];
  const h = startVerify(p, (d) => updates.push(d));
  const dto = await h.done;
  // Progress arrived from both sides before the end.
  expect(updates.some((u) => u.phase === 'python' && u.python.checkouts > 0)).toBe(true);
  expect(updates.some((u) => u.phase === 'poolscope')).toBe(true);
  return dto;
}

function row(dto: VerifyRunDto, key: string) {
  const r = dto.comparison.find((x) => x.key === key);
  expect(r, key).toBeDefined();
  return r!;
}

/** Processes whose command line runs Poolscope's runner and whose parent is this test process. */
function runnerPids(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1]);
      if (cmd.includes('poolscope_verify.py') && ppid === process.pid) out.push(Number(d));
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}

describe.skipIf(NO_PY ?? serverMissing('postgres'))('on PostgreSQL with asyncpg', () => {
  it('a pool too small for the load times out on both sides, with SQLAlchemy\'s exception and text', async () => {
    const profile = pgProfile({ service: { driver: 'asyncpg' }, pool: { poolSize: 2, maxOverflow: 1, timeout: 0.2 } });
    const dto = await run(plan(profile, pgPassword(), { concurrency: 8, durationSec: 3, holdMs: 100, query: { kind: 'select1' } }));
    expect(dto.state, JSON.stringify(dto.python.failure ?? dto.poolscope.failure)).toBe('done');
    expect(dto.interpreter.sqlalchemy).toMatch(/^2\.0\./);
    expect(dto.python.poolClass).toBe('AsyncAdaptedQueuePool');
    expect(dto.poolscope.poolClass).toBe('AsyncAdaptedQueuePool');
    // Timeouts happen on both sides and nothing else fails.
    expect(dto.python.errorsByKind['pool timeout']).toBeGreaterThan(0);
    expect(dto.poolscope.errorsByKind['pool timeout']).toBeGreaterThan(0);
    expect(Object.keys(dto.python.errorsByKind)).toEqual(['pool timeout']);
    expect(Object.keys(dto.poolscope.errorsByKind)).toEqual(['pool timeout']);
    const text = 'QueuePool limit of size 2 overflow 1 reached, connection timed out, timeout 0.20';
    expect(dto.python.samples[0]).toMatchObject({ kind: 'pool timeout', cls: 'TimeoutError', message: text });
    expect(dto.poolscope.samples[0]).toMatchObject({ kind: 'pool timeout', message: text });
    // Never more than pool_size + max_overflow connections out, on either side.
    expect(dto.python.peakCheckedOut).toBe(3);
    expect(dto.poolscope.peakCheckedOut).toBe(3);
    expect(row(dto, 'errors.pool timeout').verdict).not.toBe('differs');
    expect(row(dto, 'peakCheckedOut').verdict).toBe('same');
  }, 90_000);

  it('the password reaches the runner on stdin only: not in its argv, not in its environment', async () => {
    const sentinel = `pw-${Math.random().toString(36).slice(2)}-sentinel`;
    const before = process.env.POOLSCOPE_PASSWORD;
    // The command line's password variable must not leak into the child either.
    process.env.POOLSCOPE_PASSWORD = sentinel;
    try {
      const h = startVerify(plan(pgProfile({ service: { driver: 'asyncpg' } }), sentinel, { concurrency: 2, durationSec: 3, holdMs: 10, query: { kind: 'select1' } }), () => undefined);
      let pids: number[] = [];
      for (let i = 0; i < 100 && !pids.length; i++) {
        pids = runnerPids();
        if (!pids.length) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pids.length).toBe(1);
      const cmdline = readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${pids[0]}/environ`, 'utf8');
      expect(cmdline.split('\0')).toContain('-E');
      expect(cmdline).not.toContain(sentinel);
      expect(environ).not.toContain(sentinel);
      expect(environ).not.toContain('POOLSCOPE_PASSWORD');
      const dto = await h.done;
      expect(dto.state).toBe('done');
    } finally {
      if (before === undefined) delete process.env.POOLSCOPE_PASSWORD;
      else process.env.POOLSCOPE_PASSWORD = before;
    }
  }, 60_000);

  it('Stop kills the runner\'s process group and nothing of it is left', async () => {
    const h = startVerify(plan(pgProfile({ service: { driver: 'asyncpg' } }), pgPassword(), { concurrency: 2, durationSec: 60, query: { kind: 'sleep', seconds: 5 } }), () => undefined);
    let pids: number[] = [];
    for (let i = 0; i < 100 && !pids.length; i++) {
      pids = runnerPids();
      if (!pids.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(pids.length).toBe(1);
    h.stop();
    const dto = await h.done;
    expect(dto.state).toBe('stopped');
    expect(dto.python.state).toBe('stopped');
    expect(dto.poolscope.state).toBe('pending');
    expect(existsSync(`/proc/${pids[0]}`) && !readFileSync(`/proc/${pids[0]}/status`, 'utf8').includes('zombie')).toBe(false);
  }, 30_000);
});

describe.skipIf(NO_PY ?? serverMissing('mysql'))('on MariaDB with aiomysql', () => {
  it('the exported db.py and Poolscope\'s pool with its settings run the same scenario clean', async () => {
    const profile = mysqlProfile({ service: { driver: 'aiomysql' } });
    const dto = await run(plan(profile, mysqlPassword(), { concurrency: 6, durationSec: 2, holdMs: 20, query: { kind: 'sleep', seconds: 0.01 } }, { source: 'export' }));
    expect(dto.state, JSON.stringify(dto.python.failure ?? dto.poolscope.failure)).toBe('done');
    expect(dto.interpreter.driver).toBe('aiomysql');
    expect(dto.python.errors).toBe(0);
    expect(dto.poolscope.errors).toBe(0);
    expect(dto.python.checkouts).toBeGreaterThan(20);
    expect(row(dto, 'checkouts').verdict).not.toBe('differs');
    expect(dto.python.poolClass).toBe(dto.poolscope.poolClass);
  }, 90_000);
});

describe.skipIf(NO_PY)('on SQLite with aiosqlite', () => {
  it('an in-memory database gets StaticPool from SQLAlchemy and from Poolscope, and both run clean', async () => {
    const profile = parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:', service: { driver: 'aiosqlite' } });
    const dto = await run(plan(profile, undefined, { concurrency: 3, durationSec: 1.5, holdMs: 5, query: { kind: 'select1' } }));
    expect(dto.state, JSON.stringify(dto.python.failure ?? dto.poolscope.failure)).toBe('done');
    expect(dto.python.poolClass).toBe('StaticPool');
    expect(dto.poolscope.poolClass).toBe('StaticPool');
    expect(dto.python.errors + dto.poolscope.errors).toBe(0);
    expect(dto.python.completed).toBeGreaterThan(10);
  }, 60_000);

  it('a file database with a custom read-only statement: a write is refused on both sides as read-only', async () => {
    const file = join(dir.path, 'ro.db');
    const profile = parseProfile({ name: 'file', backend: 'sqlite', database: file, service: { driver: 'aiosqlite' } });
    spawnSync(PY!, ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(file)}); c.execute("create table t (x int)"); c.commit()`]);
    const dto = await run(plan(profile, undefined, { concurrency: 2, durationSec: 1, query: { kind: 'custom', sql: 'INSERT INTO t VALUES (1)' } }));
    expect(dto.state).toBe('done');
    expect(Object.keys(dto.python.errorsByKind)).toEqual(['query']);
    expect(dto.python.samples[0]!.message).toMatch(/readonly|read-only|query_only/i);
    expect(dto.poolscope.errors).toBeGreaterThan(0);
  }, 60_000);
});

describe('an interpreter that cannot run it', () => {
  it('a Python without SQLAlchemy is told exactly what is missing and the pip command that installs it', async () => {
    const venv = join(dir.path, 'bare');
    const made = spawnSync('python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8', timeout: 60_000 });
    expect(made.status, made.stderr).toBe(0);
    const python = join(venv, 'bin', 'python');
    const info = await inspectInterpreter({ path: python, source: 'chosen', label: 'bare venv' }, 'asyncpg');
    expect(info.problem).toBeUndefined();
    expect(info.version).toMatch(/^3\.\d+\.\d+$/);
    expect(info.sqlalchemy).toBeNull();
    expect(info.missing).toEqual([expect.stringMatching(/^SQLAlchemy 2\.0 \(not importable: ModuleNotFoundError/), expect.stringMatching(/^the asyncpg driver \(not importable/)]);
    expect(info.pip).toBe(`${python} -m pip install "sqlalchemy[asyncio]>=2.0" asyncpg`);
    // A run with it stops at the check, with the same message, and never starts Poolscope's side.
    const profile = parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:' });
    const dto = await startVerify(plan(profile, undefined, { concurrency: 1, durationSec: 1, query: { kind: 'select1' } }, { python }), () => undefined).done;
    expect(dto.state).toBe('failed');
    expect(dto.python.failure?.pip).toBe(`${python} -m pip install "sqlalchemy[asyncio]>=2.0" aiosqlite`);
    expect(dto.python.failure?.message).toContain('is missing SQLAlchemy 2.0');
    expect(dto.poolscope.state).toBe('pending');
  }, 90_000);

  it('a runner that never speaks is killed at the silence limit, one that hangs after speaking at the hard limit', async () => {
    const quiet = join(dir.path, 'quiet.py');
    writeFileSync(quiet, 'import time, subprocess, sys\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])\ntime.sleep(600)\n');
    const t0 = Date.now();
    const silent = await startRunner({ python: PY ?? 'python3', input: {}, hardTimeoutMs: 30_000, silenceMs: 700, script: quiet }).done;
    expect(silent.killed).toBe('silence');
    expect(Date.now() - t0).toBeLessThan(20_000);
    const chatty = join(dir.path, 'chatty.py');
    writeFileSync(chatty, 'import json, sys, time\nwhile True:\n    print(json.dumps({"event": "progress"}), flush=True)\n    time.sleep(0.1)\n');
    const hard = await startRunner({ python: PY ?? 'python3', input: {}, hardTimeoutMs: 3000, silenceMs: 30_000, script: chatty }).done;
    expect(hard.killed).toBe('timeout');
    expect(hard.events.length).toBeGreaterThan(2);
    // The grandchild the quiet runner started went with its process group.
    const left = spawnSync('pgrep', ['-f', 'import time; time.sleep(600)'], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  }, 60_000);
});
