import { describe, expect, it } from 'vitest';
import { connectionsFromEnv, parseDotEnv } from './dotenv';

describe('.env files', () => {
  it('reads dotenv syntax: export, quotes, escapes, comments', () => {
    const env = parseDotEnv(['# comment', 'export A=1', "B='x # y'", 'C="line\\nnext \\"q\\""', 'D=plain # trailing', 'not a line'].join('\n'));
    expect(env.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', 'x # y'],
      ['C', 'line\nnext "q"'],
      ['D', 'plain'],
    ]);
  });

  it('finds every database URL and the PG* variables, and reports bad ones without failing the rest', () => {
    const text = [
      'DATABASE_URL=postgresql+asyncpg://app:s3cret@db:5432/app',
      'TEST_DATABASE_URL="sqlite+aiosqlite://"',
      'CACHE_URL=redis://localhost:6379/0',
      'LEGACY_DB=mysql+asyncmy://root@db:notaport/x',
      'PGHOST=127.0.0.1',
      'PGPORT=6432',
      'PGDATABASE=reports',
      "PGPASSWORD=it's",
    ].join('\n');
    const found = connectionsFromEnv(text);
    expect(found.map((f) => f.source)).toEqual(['DATABASE_URL', 'TEST_DATABASE_URL', 'LEGACY_DB', 'PGHOST, PGPORT, PGDATABASE, PGPASSWORD']);
    expect(found[0]!.parsed).toMatchObject({ driver: 'asyncpg', password: 's3cret' });
    expect(found[1]!.parsed).toMatchObject({ backend: 'sqlite', database: ':memory:' });
    expect(found[2]!.error?.message).toMatch(/not a port number/);
    expect(found[3]!.parsed).toMatchObject({ host: '127.0.0.1', port: 6432, database: 'reports', password: "it's" });
  });
});
