import { afterEach, describe, expect, it } from 'vitest';
import { collectFacts } from './index';
import { mysqlProfile, mysqlTarget, pgProfile, pgTarget } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { freezableProxy } from '../../../../test/net-fixtures';

/**
 * The checks read the server's settings over one connection. A server that hangs in the middle
 * (a proxy in front of the real one stops forwarding when a given query goes by) must end in a
 * TIMEOUT in words within the deadline, with the connection closed, not a request that never ends.
 */
describe.each([
  { family: 'PostgreSQL', missing: serverMissing('postgres'), profile: pgProfile, target: pgTarget, marker: 'pg_settings' },
  { family: 'MariaDB', missing: serverMissing('mysql'), profile: mysqlProfile, target: mysqlTarget, marker: 'SHOW GLOBAL STATUS' },
])('checks against a $family that hangs mid-read', ({ missing, profile, target, marker }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it.skipIf(missing)('answer TIMEOUT within the deadline', async () => {
    const t = target();
    const proxy = await freezableProxy(t.port, t.host, { freezeOn: marker });
    cleanups.push(() => proxy.close());
    const started = performance.now();
    const err = await collectFacts({ profile: profile({ name: 'hung', host: '127.0.0.1', port: proxy.port }), password: t.password, deadlineMs: 3000 }).then(
      () => null,
      (e: unknown) => e,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(err).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/stopped answering while its settings were read \(after 3 s\)/) });
    expect(seconds).toBeGreaterThanOrEqual(2.9);
    expect(seconds).toBeLessThan(6);
  }, 30_000);
});
