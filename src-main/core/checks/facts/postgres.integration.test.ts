import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFacts } from './index';
import { evaluateChecks } from '../evaluate';
import { recommend } from '../../advice/recommend';
import { parseProfile } from '../../../shared/profile';
import { pgAdmin, pgPassword, pgProfile, tempPgDatabase, uniqueName } from '../../../../test/servers';
import { serverMissing } from '../../../../test/requires';

describe.skipIf(serverMissing('postgres'))('PostgreSQL facts and checks against the real server', () => {
  let db: { name: string; drop(): Promise<void> };
  const role = uniqueName('poolscope_r');
  beforeAll(async () => {
    db = await tempPgDatabase();
    const admin = await pgAdmin();
    // A plain role with its own limits: role-level settings touch nobody else on the shared server.
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 6`);
    await admin.query(`ALTER ROLE ${role} SET idle_session_timeout = '10min'`);
    await admin.end();
  });
  afterAll(async () => {
    await db?.drop();
    const admin = await pgAdmin();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('reads limits, timeouts, encoding, isolation and TLS, and finds no pooler on a direct connection', async () => {
    const facts = await collectFacts({ profile: pgProfile({ database: db.name }), password: pgPassword() });
    const admin = await pgAdmin();
    const { rows } = await admin.query<{ mc: string; su: string; v: string }>("SELECT current_setting('max_connections') mc, current_setting('superuser_reserved_connections') su, current_setting('server_version') v");
    await admin.end();
    expect(facts.product).toBe('postgresql');
    expect(rows[0]!.v.startsWith(facts.version)).toBe(true);
    expect(facts.facts.max_connections?.value).toBe(Number(rows[0]!.mc));
    expect(facts.facts.superuser_reserved_connections?.value).toBe(Number(rows[0]!.su));
    expect(facts.facts.sessions?.value).toBeGreaterThanOrEqual(1);
    expect(facts.facts.default_transaction_isolation?.value).toBe('READ COMMITTED');
    expect(facts.facts.server_encoding?.value).toBe('UTF8');
    expect(facts.facts.tls?.value).toBe(false);
    expect(facts.facts['pooler.present']?.value).toBe(false);
    expect(String(facts.facts['pooler.evidence']?.value)).toMatch(/^backend key = pg_backend_pid\(\) = \d+; inet_server_port\(\) = dialled port \d+$/);
    expect(recommend(pgProfile({ database: db.name }), facts).serverKind).toBe('postgresql');
  });

  it('an ordinary role sees its own connection limit and idle_session_timeout, and the checks act on them', async () => {
    const profile = parseProfile({ ...pgProfile({ database: db.name }), user: role, service: { processes: 1 } });
    const facts = await collectFacts({ profile });
    expect(facts.facts.role_connection_limit?.value).toBe(6);
    expect(facts.facts.idle_session_timeout?.value).toBe(600_000);
    const { checks } = evaluateChecks(profile, facts);
    const idle = checks.find((c) => c.id === 'idle-session-timeout')!;
    expect(idle.severity).toBe('fail');
    expect(idle.fix?.patch).toEqual({ pool: { recycle: 300 } });
    expect(checks.find((c) => c.id === 'max-connections')!.summary).toContain('limit of 6');
    const fixed = parseProfile({ ...profile, pool: { ...profile.pool, recycle: 300 } });
    expect(evaluateChecks(fixed, facts).checks.find((c) => c.id === 'idle-session-timeout')!.severity).toBe('pass');
  });

  it('an unreachable server is a CONNECTION_FAILED error with a hint', async () => {
    const err = await collectFacts({ profile: pgProfile({ port: 1, options: { connectTimeoutSec: 2 } }) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect((err as { hint: string }).hint).toMatch(/server is down or listens on another port/);
    expect((err as Error).message).toBe('Connection refused: Nothing is listening at 127.0.0.1:1 (connection refused).');
  });
});
