import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Core } from '../core';
import { ChecksService } from '../checks/service';
import { parseProfile } from '../../shared/profile';
import { pgAdmin, pgTarget, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { tempDir } from '../../../test/tmp';

/**
 * The connection budget with the server busy: 25 real sessions from another application, Poolscope's
 * own open pool holding 6 more, and a burst of 20 that comes and goes during one reading. The
 * recommendation must be the same run after run, count the other application, never Poolscope.
 */
describe.skipIf(serverMissing('postgres'))('connection budget on a busy PostgreSQL', () => {
  const dir = tempDir();
  const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
  const service = new ChecksService(core);
  const others: pg.Client[] = [];
  let db: Awaited<ReturnType<typeof tempPgDatabase>>;
  let id = '';
  let maxConnections = 100;
  let held: Array<{ release(): Promise<void> }> = [];

  const client = async (app: string) => {
    const c = new pg.Client({ ...pgTarget(), database: db.name, application_name: app });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    db = await tempPgDatabase();
    const a = await pgAdmin();
    maxConnections = Number((await a.query('SHOW max_connections')).rows[0].max_connections);
    await a.end();
    for (let i = 0; i < 25; i++) others.push(await client('billing-worker'));
    const t = pgTarget();
    const saved = core.connections.create(
      parseProfile({ name: 'busy', backend: 'postgresql', host: t.host, port: t.port, user: t.user, database: db.name, tls: { mode: 'disable' }, options: { applicationName: 'orders-api' }, service: { processes: 2, concurrencyPerProcess: 4 } }),
      t.password,
    );
    id = saved.id;
    await core.pools.open(id);
    const entry = core.pools.get(id)!;
    held = await Promise.all(Array.from({ length: 6 }, () => entry.pool.checkout()));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(held.map((c) => c.release().catch(() => undefined)));
    await Promise.all(others.map((c) => c.end().catch(() => undefined)));
    await core.close();
    await db?.drop();
    dir.cleanup();
  });

  it('leaves out Poolscope\'s own pool, names the other application, and gives the same advice three times, burst or not', async () => {
    const runs = [];
    for (let round = 0; round < 3; round++) {
      // Round 1 has a burst of 20 extra sessions that lasts less than one sample gap.
      let burst: pg.Client[] = [];
      const during = round === 1 ? (async () => {
        await new Promise((r) => setTimeout(r, 200));
        burst = await Promise.all(Array.from({ length: 20 }, () => client('cron-burst')));
        await new Promise((r) => setTimeout(r, 60));
        await Promise.all(burst.map((c) => c.end()));
      })() : Promise.resolve();
      const run = await service.runSaved(id);
      await during;
      runs.push(run);
    }
    const other = runs.map((r) => r.facts.facts.other_sessions!.value as number);
    // The 25 billing workers, plus whatever else is on the shared server; never the 6 pool sessions or the checks' own.
    for (const n of other) expect(n).toBeGreaterThanOrEqual(25);
    expect(runs[0]!.facts.facts.own_sessions!.value as number).toBeGreaterThanOrEqual(6);
    expect(String(runs[0]!.facts.facts.session_breakdown!.value)).toMatch(/billing-worker · \S+@\S+: 25/);
    expect(String(runs[0]!.facts.facts.session_breakdown!.value)).not.toContain('poolscope');
    const advice = runs.map((r) => ({ size: r.advice.sizing.poolSize, overflow: r.advice.sizing.maxOverflow, fits: r.advice.sizing.fits }));
    expect(advice[1]).toEqual(advice[0]);
    expect(advice[2]).toEqual(advice[0]);
    expect(advice[0]!.size).toBe(4);
    const severities = runs.map((r) => ['max-connections', 'connection-usage'].map((c) => r.checks.find((x) => x.id === c)!.severity).join(','));
    expect(new Set(severities).size).toBe(1);
    expect(maxConnections).toBeGreaterThan(0);
  }, 120_000);
});
