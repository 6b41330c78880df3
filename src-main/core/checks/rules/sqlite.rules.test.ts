import { describe, expect, it } from 'vitest';
import { profileFor, runRule, sqliteFacts } from '../fact-fixtures';
import { sqliteMemoryPoolRule } from './sqlite-memory-pool.check';
import { sqliteWritersRule } from './sqlite-writers.check';
import { poolClassRule } from './pool-class.check';

const memory = (poolClass: 'default' | 'QueuePool' | 'NullPool' | 'StaticPool') => profileFor('sqlite', { database: ':memory:', pool: { poolClass } });
const file = (processes: number, environment: 'production' | 'local' = 'local') => profileFor('sqlite', { database: '/srv/app.db', service: { processes, environment } });

describe('sqlite-memory-pool rule', () => {
  it('fails QueuePool and NullPool on an in-memory database, with StaticPool as the fix', () => {
    for (const cls of ['QueuePool', 'NullPool'] as const) {
      const r = runRule(sqliteMemoryPoolRule, memory(cls), sqliteFacts(true))!;
      expect(r.severity).toBe('fail');
      expect(r.fix?.patch).toEqual({ pool: { poolClass: 'StaticPool' } });
      expect(r.fix?.python).toContain('poolclass=StaticPool');
    }
  });

  it('passes StaticPool and the default (SQLAlchemy picks StaticPool for :memory:)', () => {
    expect(runRule(sqliteMemoryPoolRule, memory('StaticPool'), sqliteFacts(true))!.severity).toBe('pass');
    expect(runRule(sqliteMemoryPoolRule, memory('default'), sqliteFacts(true))!.summary).toContain('SQLAlchemy picks StaticPool');
    expect(runRule(sqliteMemoryPoolRule, file(1), sqliteFacts(false))).toBeUndefined();
  });
});

describe('sqlite-writers rule', () => {
  it('fails several writer processes in production, warns locally, passes one process', () => {
    const prod = runRule(sqliteWritersRule, file(4, 'production'), sqliteFacts(false))!;
    expect(prod.severity).toBe('fail');
    expect(prod.summary).toContain('journal_mode=delete');
    expect(prod.fix?.patch).toEqual({ service: { processes: 1 } });
    expect(runRule(sqliteWritersRule, file(4), sqliteFacts(false, { journal_mode: 'wal' }))!.severity).toBe('warn');
    expect(runRule(sqliteWritersRule, file(1), sqliteFacts(false))!.severity).toBe('pass');
  });
});

describe('pool-class rule on SQLite files', () => {
  it('notes that StaticPool on a file shares one transaction, and passes the default', () => {
    expect(runRule(poolClassRule, profileFor('sqlite', { database: '/srv/app.db', pool: { poolClass: 'StaticPool' } }), sqliteFacts(false))!.severity).toBe('info');
    expect(runRule(poolClassRule, file(1), sqliteFacts(false))!.severity).toBe('pass');
    expect(runRule(poolClassRule, memory('QueuePool'), sqliteFacts(true))).toBeUndefined();
  });
});
