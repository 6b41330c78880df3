import { afterEach, describe, expect, it } from 'vitest';
import { blackHole, httpLikeListener, silentListener, type Fixture } from '../../../../test/net-fixtures';
import { runTest, stageStatuses } from '../../../../test/run-conn-test';

/**
 * Deadlines and cancels against peers that misbehave on purpose. Timing assertions here check a
 * deadline is honoured (not early, not much late); they are not speed measurements.
 */
describe('connection test: timeouts, cancel and wrong protocols', () => {
  const fixtures: Fixture[] = [];
  afterEach(async () => {
    for (const f of fixtures.splice(0)) await f.close();
  });
  const use = async (f: Promise<Fixture>) => {
    const fx = await f;
    fixtures.push(fx);
    return fx;
  };

  it('times out at the TCP stage on schedule when nothing answers the SYN', async () => {
    const hole = await use(blackHole());
    const started = Date.now();
    const { report } = await runTest({ backend: 'postgresql', host: '127.0.0.1', port: hole.port, user: 'x', database: 'x', options: { connectTimeoutSec: 1.5 } });
    const elapsed = Date.now() - started;
    expect(report.failure).toMatchObject({ kind: 'timeout', stage: 'tcp', title: 'Connection timed out' });
    expect(report.failure!.message).toContain(`127.0.0.1:${hole.port} within 1.5 s`);
    expect(elapsed).toBeGreaterThanOrEqual(1450);
    expect(elapsed).toBeLessThan(4000);
    expect(stageStatuses(report)).toEqual({ resolve: 'ok', tcp: 'failed', tls: 'skipped', auth: 'skipped', query: 'skipped' });
  });

  it('times out at the handshake when the port accepts but never speaks (PostgreSQL and MySQL)', async () => {
    const silent = await use(silentListener());
    for (const backend of ['postgresql', 'mariadb'] as const) {
      const started = Date.now();
      const { report } = await runTest({ backend, host: '127.0.0.1', port: silent.port, user: 'x', database: 'x', options: { connectTimeoutSec: 1 } });
      const elapsed = Date.now() - started;
      expect(report.failure).toMatchObject({ kind: 'timeout', stage: 'tls', title: 'The server stopped answering' });
      expect(report.failure!.message).toMatch(/opened, but the .* handshake got no answer within 1 s/);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(3500);
    }
  });

  it('says when something else answers on the port', async () => {
    const http = await use(httpLikeListener());
    const { report } = await runTest({ backend: 'postgresql', host: '127.0.0.1', port: http.port, user: 'x', database: 'x', options: { connectTimeoutSec: 2 } });
    expect(report.failure).toMatchObject({ kind: 'wrong-protocol', stage: 'tls', title: 'Not a PostgreSQL server' });
    expect(report.failure!.message).toContain('HTTP/1.1 400 Bad Request');
  });

  it('cancels a test stuck in a stage promptly, closing what it opened', async () => {
    const silent = await use(silentListener());
    const controller = new AbortController();
    const started = Date.now();
    const running = runTest({ backend: 'postgresql', host: '127.0.0.1', port: silent.port, user: 'x', database: 'x', options: { connectTimeoutSec: 30 } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const { report, progress } = await running;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(report.cancelled).toBe(true);
    expect(report.failure).toMatchObject({ kind: 'cancelled', stage: 'tls' });
    expect(stageStatuses(report)).toMatchObject({ tcp: 'ok', tls: 'cancelled', auth: 'skipped' });
    expect(progress.some((p) => p.stage.id === 'tls' && p.stage.status === 'cancelled')).toBe(true);
  });

  it('names a host that does not resolve', async () => {
    const { report } = await runTest({ backend: 'mariadb', host: 'no-such-host.invalid', user: 'x', database: 'x', options: { connectTimeoutSec: 5 } });
    expect(report.failure).toMatchObject({ stage: 'resolve' });
    // ENOTFOUND normally; a resolver that does not answer in time is a DNS timeout instead.
    expect(['unknown-host', 'timeout']).toContain(report.failure!.kind);
    expect(report.failure!.message).toContain('no-such-host.invalid');
  });
});
