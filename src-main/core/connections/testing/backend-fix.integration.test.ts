import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../core';
import { runChecksOnce, profileOf } from '../../checks/service';
import { recommend } from '../../advice/recommend';
import { parseProfile } from '../../../shared/profile';
import { mysqlTarget } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';
import { runTest } from '../../../../test/run-conn-test';
import { tempDir } from '../../../../test/tmp';

/**
 * A connection imported as mysql+aiomysql:// that reaches MariaDB: the test offers the fix (set the
 * backend to MariaDB), applying it saves the backend, and afterwards the test, the advice and the
 * export notes agree with the server (against the real MariaDB).
 */
describe.skipIf(serverMissing('mysql'))('MariaDB behind a connection saved as MySQL', () => {
  const dir = tempDir();
  const core = new Core({ dataDir: dir.path, mode: 'cli', seedDemo: false });
  afterAll(async () => {
    await core.close();
    dir.cleanup();
  });

  it('offers the backend fix, and after it is applied nothing disagrees any more', async () => {
    const t = mysqlTarget();
    const saved = core.connections.create(parseProfile({ name: 'Imported', backend: 'mysql', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' }, service: { driver: 'aiomysql' } }), t.password);
    const before = await runTest(profileOf(core.connections.get(saved.id)), t.password ? { password: t.password } : {});
    expect(before.report.facts!.product).toBe('MariaDB');
    expect(before.report.backendFix).toEqual({ backend: 'mariadb', summary: expect.stringContaining('Set the backend to MariaDB') });
    const factsBefore = (await runChecksOnce({ profile: profileOf(core.connections.get(saved.id)), ...(t.password ? { password: t.password } : {}), label: 'x' })).facts;
    expect(recommend(profileOf(core.connections.get(saved.id)), factsBefore).notes.join(' ')).toContain('The profile says MySQL, the server is MariaDB');

    // What the one-click fix does: save the backend the test named, keep everything else (the password too).
    const fixed = core.connections.update(saved.id, { ...profileOf(core.connections.get(saved.id)), backend: before.report.backendFix!.backend });
    expect(fixed.backend).toBe('mariadb');
    expect(fixed.service.driver).toBe('aiomysql');
    expect(fixed.hasPassword).toBe(saved.hasPassword);

    const after = await runTest(profileOf(core.connections.get(saved.id)), t.password ? { password: t.password } : {});
    expect(after.report.ok).toBe(true);
    expect(after.report.backendFix).toBeUndefined();
    expect(after.report.warnings.join(' ')).not.toContain('set the backend');
    const advice = recommend(profileOf(core.connections.get(saved.id)), factsBefore);
    expect(advice.notes.join(' ')).not.toContain('The profile says');
    expect(advice.url.value).toMatch(/^mariadb\+aiomysql:\/\//);
  });
});
