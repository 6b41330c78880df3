import { describe, expect, it } from 'vitest';
import { describeTarget, parseProfile, profileInputSchema } from './profile';

describe('connection profile', () => {
  it('fills in SQLAlchemy 2.0 pool defaults', () => {
    const p = parseProfile({ name: 'x', backend: 'postgresql' });
    expect(p.pool).toEqual({
      poolClass: 'default',
      poolSize: 5,
      maxOverflow: 10,
      timeout: 30,
      recycle: -1,
      prePing: false,
      useLifo: false,
      resetOnReturn: 'rollback',
    });
    expect(p.service).toMatchObject({ environment: 'local', workload: 'oltp', processes: 1 });
    expect(p.tls.mode).toBe('prefer');
    expect(p.options.connectTimeoutSec).toBe(10);
  });

  it('rejects unknown fields at every level', () => {
    expect(profileInputSchema.safeParse({ name: 'x', backend: 'sqlite', extra: 1 }).success).toBe(false);
    expect(profileInputSchema.safeParse({ name: 'x', backend: 'sqlite', pool: { poolSize: 1, nope: true } }).success).toBe(false);
  });

  it('names the field that is wrong', () => {
    const r = profileInputSchema.safeParse({ name: '  ', backend: 'oracle', pool: { maxOverflow: -2 } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'backend', 'pool.maxOverflow']));
    expect(r.error!.issues.find((i) => i.path[0] === 'name')!.message).toBe('Give the connection a name');
  });

  it('describes where a profile points', () => {
    expect(describeTarget(parseProfile({ name: 'a', backend: 'postgresql', host: 'db', port: 6432, database: 'app' }))).toBe('db:6432/app');
    expect(describeTarget(parseProfile({ name: 'a', backend: 'mariadb', socket: '/run/mysqld/mysqld.sock', database: 'test' }))).toBe('/run/mysqld/mysqld.sock/test');
    expect(describeTarget(parseProfile({ name: 'a', backend: 'sqlite', database: '' }))).toBe(':memory:');
    expect(describeTarget(parseProfile({ name: 'a', backend: 'mysql' }))).toBe('127.0.0.1:3306');
  });
});
