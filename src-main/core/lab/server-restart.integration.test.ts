import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../core';
import { scenarioSchema } from '../../shared/lab-types';
import { PgCluster, requirePgCluster } from '../../../test/pg-cluster';
import { tempDir } from '../../../test/tmp';
import { until } from '../../../test/until';

/**
 * The database server stopped in the middle of a load run and started again: the pool reports
 * the errors while it is down, then recovers by itself, without restarting Poolscope. A private
 * cluster is used so stopping it cannot disturb anything else on the machine.
 */
describe.skipIf(requirePgCluster())('server stopped and started again during a load run', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await PgCluster.create();
  }, 120_000);
  afterAll(async () => cluster?.destroy());

  for (const prePing of [true, false]) {
    it(`pool_pre_ping=${prePing ? 'True' : 'False'}: errors while down, recovery after, nothing left checked out`, async () => {
      const dir = tempDir();
      const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
      try {
        const saved = core.connections.create(cluster.profile({ name: `restart-${prePing}`, pool: { poolSize: 4, maxOverflow: 0, timeout: 2, prePing } }), cluster.password);
        const { runId } = await core.lab.start(saved.id, scenarioSchema.parse({ concurrency: 4, durationSec: 20, thinkMs: 5, query: { kind: 'select1' } }));
        await until('the run is under way', () => core.lab.get(runId).completed > 200, 15_000);
        await cluster.stop('immediate');
        await until('the pool reports the outage', () => core.lab.get(runId).errors > 5, 15_000);
        const atRestart = core.lab.get(runId);
        await cluster.start();
        await until('requests succeed again', () => core.lab.get(runId).completed > atRestart.completed + 200, 20_000);
        const errorsAfterRecovery = core.lab.get(runId).errors;
        await until('the pool stays healthy', () => core.lab.get(runId).completed > atRestart.completed + 600, 20_000);
        // Once recovered, no new errors: every old connection was replaced.
        expect(core.lab.get(runId).errors).toBe(errorsAfterRecovery);
        core.lab.stop(runId);
        await core.lab.settle();
        const run = core.lab.get(runId);
        const kinds = Object.keys(run.errorsByKind);
        expect(kinds.some((k) => k === 'connect' || k === 'disconnect')).toBe(true);
        expect(run.sampleErrors.map((e) => e.message).join('\n')).toMatch(/ECONNREFUSED|terminating connection|Connection terminated|not queryable|shutting down/);
        const entry = core.pools.get(saved.id)!;
        expect(entry.pool.gauges().checkedOut).toBe(0);
        const events = entry.recorder.events.since(0, 1000).events.map((e) => e.kind);
        expect(events).toContain('connect-error');
        expect(events.filter((k) => k === 'connect').length).toBeGreaterThan(4);
      } finally {
        await core.close();
        dir.cleanup();
      }
    }, 90_000);
  }
});
