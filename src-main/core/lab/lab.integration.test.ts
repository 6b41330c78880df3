import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { parseProfile } from '../../shared/profile';
import { scenarioSchema, type ScenarioInput } from '../../shared/lab-types';
import { mysqlAdmin, mysqlProfile, pgAdmin, pgProfile, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { tempDir } from '../../../test/tmp';
import { until } from '../../../test/until';

const scenario = (s: ScenarioInput) => scenarioSchema.parse(s);

function startCore() {
  const dir = tempDir();
  const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
  return { core, dir };
}

describe.skipIf(serverMissing('postgres'))('registry and lab on the real PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof tempPgDatabase>>;
  let core: Core;
  let dir: { cleanup(): void };
  const appSessions = async () => {
    const a = await pgAdmin();
    const { rows } = await a.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'poolscope-%' AND application_name NOT IN ('poolscope-monitor', 'poolscope-fault')", [db.name]);
    await a.end();
    return rows[0].n as number;
  };
  beforeAll(async () => {
    db = await tempPgDatabase();
  });
  afterEach(async () => {
    await core?.close();
    dir?.cleanup();
  });
  afterAll(async () => db?.drop());

  it('one pool per connection, even when opened concurrently; rebuilt when settings change; closed on delete', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg', database: db.name }));
    const opened = await Promise.all(Array.from({ length: 6 }, () => core.pools.open(saved.id)));
    expect(new Set(opened.map((s) => s.generation)).size).toBe(1);
    const entry = core.pools.get(saved.id)!;
    const conns = await Promise.all([entry.pool.checkout(), entry.pool.checkout()]);
    for (const c of conns) await c.release();
    expect(await appSessions()).toBe(2);
    const rebuilt = await core.pools.applySettings(saved.id, { ...core.connections.get(saved.id).pool, poolSize: 3, prePing: true });
    expect(rebuilt.generation).toBeGreaterThan(opened[0]!.generation);
    expect(rebuilt.settings).toMatchObject({ poolSize: 3, prePing: true });
    expect(core.connections.get(saved.id).pool).toMatchObject({ poolSize: 3, prePing: true });
    await until('the old pool\'s sessions are gone from the server', async () => (await appSessions()) === 0);
    const again = core.pools.get(saved.id)!;
    await (await again.pool.checkout()).release();
    expect(await appSessions()).toBe(1);
    core.connections.delete(saved.id);
    await until('the pool closed after the connection was deleted', () => core.pools.get(saved.id) === undefined);
    await until('its sessions are gone', async () => (await appSessions()) === 0);
  });

  it('a load run with too small a pool shows QueuePool timeouts, is kept, and leaves no session behind', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg', database: db.name, pool: { poolSize: 2, maxOverflow: 0, timeout: 0.1 } }));
    const ticks: number[] = [];
    const finished: Array<{ state: string; progress?: { elapsedSec: number; durationSec: number; completed: number; throughput: number; errorsByKind: Record<string, number> } }> = [];
    core.bus.subscribe((name, payload) => {
      if (name === 'pools.metrics') ticks.push((payload as { pools: unknown[] }).pools.length);
      if (name === 'lab.finished') finished.push(payload as (typeof finished)[number]);
    });
    const { runId } = await core.lab.start(saved.id, scenario({ concurrency: 6, durationSec: 1.5, query: { kind: 'sleep', seconds: 0.2 } }));
    await core.lab.settle();
    const run = core.lab.get(runId);
    expect(run.state).toBe('done');
    // The end of the run carries its final progress: the whole duration and the final counts.
    expect(finished).toHaveLength(1);
    expect(finished[0]!.progress).toMatchObject({ elapsedSec: 1.5, durationSec: 1.5, completed: run.completed, errorsByKind: run.errorsByKind });
    // The same throughput as the saved run (the last requests end after the duration: both divide by the real elapsed time).
    expect(finished[0]!.progress!.throughput).toBe(run.throughput);
    expect(run.completed).toBeGreaterThan(0);
    expect(run.errorsByKind['pool timeout']).toBeGreaterThan(0);
    expect(run.sampleErrors[0]!.message).toMatch(/^QueuePool limit of size 2 overflow 0 reached, connection timed out, timeout 0\.10/);
    expect(run.peakCheckedOut).toBeLessThanOrEqual(2);
    expect(run.series.length).toBeGreaterThanOrEqual(1);
    expect(core.lab.list(saved.id).map((r) => r.runId)).toContain(runId);
    expect(ticks.length).toBeGreaterThan(2);
    await core.pools.close(saved.id);
    expect(await appSessions()).toBe(0);
  });

  it('stop ends a run early and every connection comes back', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg', database: db.name }));
    const { runId } = await core.lab.start(saved.id, scenario({ concurrency: 4, durationSec: 60, query: { kind: 'select1' }, thinkMs: 5 }));
    await until('the run made progress', () => core.lab.get(runId).completed > 10);
    expect(core.lab.stop(runId)).toBe(true);
    await core.lab.settle();
    expect(core.lab.get(runId).state).toBe('stopped');
    expect(core.pools.get(saved.id)!.pool.gauges().checkedOut).toBe(0);
  });

  it('user SQL runs read-only: a write fails and changes nothing; two statements are refused', async () => {
    ({ core, dir } = startCore());
    const admin = await pgAdmin();
    await admin.end();
    const saved = core.connections.create(pgProfile({ name: 'pg', database: db.name }));
    await core.pools.open(saved.id);
    const c = await core.pools.get(saved.id)!.pool.checkout();
    await c.query('CREATE TABLE IF NOT EXISTS guarded (id int)');
    // The pool speaks asyncpg: autobegin opened a transaction, and the return would roll it back.
    await c.query('COMMIT');
    await c.release();
    const { runId } = await core.lab.start(saved.id, scenario({ concurrency: 1, durationSec: 1, query: { kind: 'custom', sql: 'INSERT INTO guarded VALUES (1)' } }));
    await core.lab.settle();
    const run = core.lab.get(runId);
    expect(run.completed).toBe(0);
    expect(run.errorsByKind['read-only']).toBeGreaterThan(0);
    expect(run.sampleErrors[0]!.message).toMatch(/read-only transaction/);
    const d = await core.pools.get(saved.id)!.pool.checkout();
    expect((await d.query<{ n: string }>('SELECT count(*) AS n FROM guarded')).rows[0]!.n).toBe('0');
    await d.release();
    await expect(core.lab.start(saved.id, scenario({ concurrency: 1, durationSec: 1, query: { kind: 'custom', sql: 'SELECT 1 # 2; COMMIT; DROP TABLE guarded' } }))).rejects.toThrow(/one statement/);
  });

  it('kill-idle then probe: without pre_ping the error surfaces once, with pre_ping the pool recovers silently', async () => {
    ({ core, dir } = startCore());
    for (const prePing of [false, true]) {
      const saved = core.connections.create(pgProfile({ name: `pg-${prePing}`, database: db.name, pool: { prePing } }));
      await core.lab.fault(saved.id, { kind: 'probe', checkouts: 1 });
      const killed = await core.lab.fault(saved.id, { kind: 'kill-idle' });
      expect(killed.summary).toMatch(/terminated 1 idle session/);
      const entry = core.pools.get(saved.id)!;
      await until('the driver saw the kill', () => entry.recorder.counters.errors >= 1);
      const probe = await core.lab.fault(saved.id, { kind: 'probe', checkouts: 3 });
      if (prePing) {
        expect(probe.steps.every((s) => s.ok)).toBe(true);
        expect(probe.counters!.prePingFailures).toBe(1);
        expect(probe.serviceView).toBeUndefined();
      } else {
        expect(probe.steps[0]!.ok).toBe(false);
        expect(probe.steps.slice(1).every((s) => s.ok)).toBe(true);
        expect(probe.serviceView).toMatch(/pool_pre_ping=True/);
      }
    }
  });

  it('kill-idle touches only the sessions the pool holds idle: a checked-out connection the server sees idle survives', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg-held', database: db.name, pool: { poolSize: 4 } }));
    await core.pools.open(saved.id);
    const entry = core.pools.get(saved.id)!;
    const conns = await Promise.all([entry.pool.checkout(), entry.pool.checkout(), entry.pool.checkout(), entry.pool.checkout()]);
    for (const c of conns) await c.query('SELECT 1');
    // Two go back to the pool; two stay checked out, idle on the server between their queries.
    await conns[0]!.release();
    await conns[1]!.release();
    expect(entry.pool.gauges()).toMatchObject({ open: 4, idle: 2, checkedOut: 2 });
    const killed = await core.lab.fault(saved.id, { kind: 'kill-idle' });
    expect(killed.summary).toMatch(/terminated 2 idle sessions/);
    for (const c of conns.slice(2)) await expect(c.query<{ one: number }>('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await until('the driver saw the two kills', () => entry.recorder.counters.errors >= 2);
    for (const c of conns.slice(2)) await c.release();
  });

  it('on a production connection, killing or re-timing sessions needs the server named; a probe does not', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg-prod', database: db.name, service: { environment: 'production' } }));
    const host = core.connections.get(saved.id).host!;
    await core.lab.fault(saved.id, { kind: 'probe', checkouts: 2 });
    const entry = core.pools.get(saved.id)!;
    expect(entry.pool.gauges().idle).toBe(1);
    for (const confirm of [undefined, 'prod-db.example.com', '']) {
      const err = await core.lab.fault(saved.id, { kind: 'kill-idle' }, confirm).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'FORBIDDEN', details: { confirmServer: host } });
      expect((err as Error).message).toContain(`on ${host}`);
      const t = await core.lab.fault(saved.id, { kind: 'idle-timeout', seconds: 5 }, confirm).catch((e: unknown) => e);
      expect(t).toMatchObject({ code: 'FORBIDDEN' });
    }
    // Nothing was touched: the idle session is still there and answers.
    expect(entry.recorder.counters.errors).toBe(0);
    const killed = await core.lab.fault(saved.id, { kind: 'kill-idle' }, ` ${host} `);
    expect(killed.summary).toMatch(/terminated 1 idle session/);
  });

  it('gauges add up at every tick during a load run with faults: open = idle + checked out, overflow = open - pool_size', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg-gauges', database: db.name, pool: { poolSize: 3, maxOverflow: 2, timeout: 1 } }));
    await core.lab.start(saved.id, scenario({ concurrency: 8, durationSec: 3, holdMs: 20, query: { kind: 'select1' } }));
    const entry = core.pools.get(saved.id)!;
    let samples = 0;
    let sawCheckedOut = false;
    const bad: unknown[] = [];
    const check = () => {
      const g = entry.pool.gauges();
      samples++;
      if (g.checkedOut > 0) sawCheckedOut = true;
      if (g.open !== g.idle + g.checkedOut || g.idle < 0 || g.checkedOut < 0 || g.overflow !== Math.max(0, g.open - 3) || g.open > 5) bad.push(g);
    };
    const timer = setInterval(check, 5);
    await new Promise((r) => setTimeout(r, 800));
    await core.lab.fault(saved.id, { kind: 'kill-idle' });
    await new Promise((r) => setTimeout(r, 800));
    await core.lab.fault(saved.id, { kind: 'kill-idle' });
    await until('the run ended', () => entry.load === null, 15_000);
    clearInterval(timer);
    expect(samples).toBeGreaterThan(50);
    expect(sawCheckedOut).toBe(true);
    expect(bad).toEqual([]);
  });

  it('idle_session_timeout for this pool only: the server drops its sessions, pre_ping recovers', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(pgProfile({ name: 'pg', database: db.name, pool: { prePing: true } }));
    await core.lab.fault(saved.id, { kind: 'probe', checkouts: 1 });
    await core.lab.fault(saved.id, { kind: 'idle-timeout', seconds: 1 });
    const entry = core.pools.get(saved.id)!;
    await until('the server timed the idle session out', () => entry.recorder.counters.errors >= 1, 15_000);
    const probe = await core.lab.fault(saved.id, { kind: 'probe', checkouts: 2 });
    expect(probe.steps.every((s) => s.ok)).toBe(true);
    expect(probe.counters!.prePingFailures).toBe(1);
    await core.lab.fault(saved.id, { kind: 'clear-idle-timeout' });
  });
});

describe.skipIf(serverMissing('mysql'))('lab on the real MariaDB', () => {
  let db: Awaited<ReturnType<typeof tempMysqlDatabase>>;
  let core: Core;
  let dir: { cleanup(): void };
  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const a = await mysqlAdmin();
    await a.query(`CREATE TABLE ${db.name}.guarded (id INT)`);
    await a.end();
  });
  afterEach(async () => {
    await core?.close();
    dir?.cleanup();
  });
  afterAll(async () => db?.drop());

  it('the "MySQL server has gone away" story in seconds: session wait_timeout, then a probe', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(mysqlProfile({ name: 'maria', database: db.name }));
    await core.lab.fault(saved.id, { kind: 'idle-timeout', seconds: 1 });
    await core.lab.fault(saved.id, { kind: 'probe', checkouts: 1 });
    const entry = core.pools.get(saved.id)!;
    await until('MariaDB dropped the idle session', () => entry.recorder.counters.errors >= 1, 15_000);
    const probe = await core.lab.fault(saved.id, { kind: 'probe', checkouts: 2 });
    expect(probe.steps[0]!.ok).toBe(false);
    expect(probe.steps[1]!.ok).toBe(true);
    expect(probe.serviceView).toMatch(/Lost connection to MySQL server|MySQL server has gone away/);
  });

  it('user SQL is read-only on MariaDB too', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(mysqlProfile({ name: 'maria', database: db.name }));
    const { runId } = await core.lab.start(saved.id, scenario({ concurrency: 1, durationSec: 1, query: { kind: 'custom', sql: 'INSERT INTO guarded VALUES (1)' } }));
    await core.lab.settle();
    expect(core.lab.get(runId).errorsByKind['read-only']).toBeGreaterThan(0);
    const a = await mysqlAdmin();
    const [rows] = await a.query(`SELECT COUNT(*) AS n FROM ${db.name}.guarded`);
    await a.end();
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(0);
  });
});

describe('lab on SQLite', () => {
  let core: Core;
  let dir: { cleanup(): void };
  afterEach(async () => {
    await core?.close();
    dir?.cleanup();
  });

  it('tells the in-memory story and refuses writes from user SQL', async () => {
    ({ core, dir } = startCore());
    const saved = core.connections.create(parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:' }));
    const story = await core.lab.fault(saved.id, { kind: 'sqlite-memory-story' });
    expect(story.steps.map((s) => s.ok)).toEqual([true, false, true, true]);
    expect(story.steps[1]!.detail).toMatch(/no such table: users/);
    const { runId } = await core.lab.start(saved.id, scenario({ concurrency: 2, durationSec: 1, query: { kind: 'custom', sql: 'CREATE TABLE x (id int)' } }));
    await core.lab.settle();
    expect(core.lab.get(runId).errorsByKind['read-only']).toBeGreaterThan(0);
    await expect(core.lab.start(saved.id, scenario({ concurrency: 1, durationSec: 1, query: { kind: 'sleep', seconds: 1 } }))).rejects.toThrow(/SQLite has no server-side sleep/);
  });
});

describe('the lab never starves the event loop', () => {
  it('timers keep firing during an in-process (SQLite) load run', async () => {
    const dir = tempDir();
    const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
    try {
      const saved = core.connections.create(parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:' }));
      let fired = 0;
      const timer = setInterval(() => fired++, 50);
      const { runId } = await core.lab.start(saved.id, scenario({ concurrency: 8, durationSec: 1, query: { kind: 'select1' } }));
      await core.lab.settle();
      clearInterval(timer);
      const run = core.lab.get(runId);
      expect(run.completed).toBeGreaterThan(1000);
      // The gauges sampled during the run saw connections checked out (was 0: ticks only ran once all
      // were back), never more than were open. (8 concurrent first checkouts of a StaticPool open up
      // to 8 connections, as SQLAlchemy's memoized record does; the orphans close when returned.)
      expect(run.peakCheckedOut).toBeGreaterThanOrEqual(1);
      for (const p of run.series) expect(p.checkedOut).toBeLessThanOrEqual(p.open);
      // 1 s of load: a 50 ms timer must have fired most of the 20 times it was due.
      expect(fired).toBeGreaterThanOrEqual(12);
    } finally {
      await core.close();
      dir.cleanup();
    }
  });
});
