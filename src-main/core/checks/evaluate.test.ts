import { describe, expect, it } from 'vitest';
import { diffChecks, evaluateChecks } from './evaluate';
import { mysqlFacts, pgFacts, profileFor, sqliteFacts } from './fact-fixtures';
import { SEVERITY_RANK } from '../../shared/checks';

describe('evaluating checks', () => {
  it('runs only the rules that apply, worst first', () => {
    const { checks } = evaluateChecks(profileFor('mariadb'), mysqlFacts({ wait_timeout: 1800 }));
    const ids = checks.map((c) => c.id);
    expect(ids).toContain('wait-timeout');
    expect(ids).not.toContain('idle-session-timeout');
    expect(ids).not.toContain('sqlite-memory-pool');
    const ranks = checks.map((c) => SEVERITY_RANK[c.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(checks[0]).toMatchObject({ id: 'wait-timeout', severity: 'fail' });
  });

  it('applying every fix of the recommendation leaves nothing failing on the same facts', () => {
    for (const [profile, facts] of [
      [profileFor('mariadb', { service: { processes: 20 } }), mysqlFacts({ wait_timeout: 600 })],
      [profileFor('postgresql', { pool: { poolClass: 'StaticPool' } }), pgFacts({ idle_session_timeout: 300_000 })],
      [profileFor('sqlite', { pool: { poolClass: 'QueuePool' } }), sqliteFacts(true)],
    ] as const) {
      const { advice } = evaluateChecks(profile, facts);
      const fixed = { ...profile, pool: { ...profile.pool, ...advice.patch.pool }, service: { ...profile.service, ...advice.patch.service }, options: { ...profile.options, ...advice.patch.options } };
      const after = evaluateChecks(fixed, facts).checks;
      expect(after.filter((c) => c.severity === 'fail')).toEqual([]);
    }
  });

  it('reports what changed since the previous run', () => {
    const before = evaluateChecks(profileFor('sqlite', { pool: { poolClass: 'QueuePool' } }), sqliteFacts(true)).checks;
    const after = evaluateChecks(profileFor('sqlite', { pool: { poolClass: 'StaticPool' } }), sqliteFacts(true)).checks;
    expect(diffChecks(null, after)).toEqual([]);
    expect(diffChecks(before, after)).toEqual([{ id: 'sqlite-memory-pool', title: 'In-memory SQLite needs StaticPool', from: 'fail', to: 'pass' }]);
    expect(diffChecks([{ ...after[0]!, id: 'gone' }], [])).toEqual([{ id: 'gone', title: after[0]!.title, from: after[0]!.severity, to: null }]);
  });
});
