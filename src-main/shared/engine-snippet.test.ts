import { describe, expect, it } from 'vitest';
import { engineSnippet } from './engine-snippet';
import { applyPatch, mergePatches } from './advice';
import { recommend } from '../core/advice/recommend';
import { mysqlFacts, pgBouncerFacts, profileFor } from '../core/checks/fact-fixtures';

describe('engine snippet', () => {
  it('writes each setting with its measured reason above it, and the URL from the environment', () => {
    const code = engineSnippet(recommend(profileFor('mariadb'), mysqlFacts({ wait_timeout: 1800 })));
    expect(code).toContain('import os\nfrom sqlalchemy import make_url\nfrom sqlalchemy.ext.asyncio import create_async_engine');
    expect(code).toContain('DATABASE_URL = os.environ["DATABASE_URL"]  # e.g. mariadb+asyncmy://app@127.0.0.1:3306/app?charset=utf8mb4');
    expect(code).toContain('    # half of wait_timeout=1800 measured on mariadb 10.11.19 on 2026-11-24\n    pool_recycle=900,');
    expect(code).toContain('    pool_pre_ping=True,');
    expect(code).toContain('    isolation_level="READ COMMITTED",');
    expect(code).not.toContain('poolclass=');
    expect(code).not.toContain('connect_args');
  });

  it('sets the URL arguments it advises on the URL in code, not only in the example comment', () => {
    const my = engineSnippet(recommend(profileFor('mariadb'), mysqlFacts()));
    expect(my).toContain('from sqlalchemy import make_url\n');
    expect(my).toMatch(/engine = create_async_engine\(\n    # charset=utf8mb4 is set on the URL here, whatever the environment's URL says: .*\n    make_url\(DATABASE_URL\)\.update_query_dict\(\{"charset": "utf8mb4"\}\),\n/);
    const bouncer = engineSnippet(recommend(profileFor('postgresql', { service: { driver: 'asyncpg' } }), pgBouncerFacts('transaction')));
    expect(bouncer).toContain('    make_url(DATABASE_URL).update_query_dict({"prepared_statement_cache_size": "0"}),\n');
    // Nothing to add: the environment's URL goes in as it is.
    const pg = engineSnippet(recommend(profileFor('postgresql'), null));
    expect(pg).toContain('engine = create_async_engine(\n    DATABASE_URL,\n');
    expect(pg).not.toContain('make_url');
  });

  it('imports what the connect_args need and leaves queue-pool arguments out of NullPool', () => {
    const code = engineSnippet(recommend(profileFor('postgresql', { service: { driver: 'asyncpg' } }), pgBouncerFacts('transaction')));
    expect(code).toContain('from sqlalchemy.pool import NullPool');
    expect(code).toContain('from uuid import uuid4');
    expect(code).toContain('    poolclass=NullPool,');
    expect(code).toContain('        "statement_cache_size": 0,');
    expect(code).not.toContain('pool_size=');
    expect(code).not.toContain('max_overflow=');
  });
});

describe('profile patches', () => {
  it('merge over the saved settings and over each other', () => {
    const p = profileFor('postgresql');
    const patched = applyPatch(p, mergePatches({ pool: { recycle: 900 } }, { pool: { prePing: true }, service: { processes: 3 } }, { pool: { recycle: 600 } }));
    expect(patched.pool).toMatchObject({ recycle: 600, prePing: true, poolSize: 5 });
    expect(patched.service.processes).toBe(3);
    expect(p.pool.recycle).toBe(-1);
  });
});
