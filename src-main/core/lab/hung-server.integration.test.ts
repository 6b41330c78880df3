import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { FAULT_STEP_MS } from './faults';
import { mysqlProfile, mysqlTarget, pgProfile, pgTarget, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { freezableProxy } from '../../../test/net-fixtures';
import { tempDir } from '../../../test/tmp';

/**
 * The fault lab's probe against a server that stops answering mid-session (a proxy in front of
 * the real server that freezes): it must answer within a bounded time, not wait for TCP.
 * Before the deadline existed, the probe did not answer within 60 s.
 */
describe.each([
  { family: 'PostgreSQL', missing: serverMissing('postgres'), temp: tempPgDatabase, profile: pgProfile, target: pgTarget },
  { family: 'MariaDB', missing: serverMissing('mysql'), temp: tempMysqlDatabase, profile: mysqlProfile, target: mysqlTarget },
])('fault-lab probe against a hung $family', ({ missing, temp, profile, target }) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it.skipIf(missing)('answers within the step deadline, says the server stopped answering, and stops', async () => {
    const db = await temp();
    cleanups.push(() => db.drop());
    const t = target();
    const proxy = await freezableProxy(t.port, t.host);
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
    cleanups.push(() => core.close());
    cleanups.push(() => proxy.close());
    const saved = core.connections.create(profile({ name: 'hung', database: db.name, host: '127.0.0.1', port: proxy.port, pool: { prePing: false } }));

    const healthy = await core.lab.fault(saved.id, { kind: 'probe', checkouts: 1 });
    expect(healthy.steps[0]!.ok).toBe(true);

    proxy.freeze();
    const started = performance.now();
    const hung = await core.lab.fault(saved.id, { kind: 'probe', checkouts: 3 });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(FAULT_STEP_MS / 1000 - 0.5);
    expect(seconds).toBeLessThan(FAULT_STEP_MS / 1000 + 5);
    expect(hung.steps[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/got no answer from the server within 10 s/) });
    expect(hung.steps).toHaveLength(2);
    expect(hung.steps[1]).toMatchObject({ ok: false, detail: 'skipped: the server stopped answering' });
    expect(hung.summary).toMatch(/0 of 3 checkouts succeeded; the server stopped answering/);
    // The stuck connection was dropped, not left checked out.
    expect(core.pools.get(saved.id)!.pool.gauges().checkedOut).toBe(0);
  }, 60_000);
});
