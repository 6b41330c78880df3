import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parseConnectionString } from '../../../shared/url';
import { tempDir } from '../../../../test/tmp';
import { LIBPQ_CASES, type LibpqCase } from './fixtures/libpq-cases';
import { testEnv } from './fixtures/stores';
import { resolveLibpq, type LibpqResolved } from './libpq-resolve';
import { explicitKeywords } from './service-lookup';
import { LIBPQ_KEYWORDS } from './pg-service';
import { SECRET_PARAM_NAMES } from '../../../shared/url-secrets';

/**
 * Differential: every case in fixtures/libpq-cases.ts goes through real libpq (the system's
 * libpq.so.5 and the libpq psycopg loads, via test/libpq-oracle.py) and through Poolscope's
 * resolver; both must settle on the same host, port, database, user and password, or fail with the
 * same error at the same line.
 */

interface OracleRow {
  name: string;
  system: Record<string, string | null>;
  psycopg?: Record<string, string | null>;
}

const python = inject('python');
const osUser = userInfo().username;

function runOracle(cases: LibpqCase[]): { versions: Record<string, number>; results: OracleRow[] } {
  const r = spawnSync(python.python!, [join(process.cwd(), 'test', 'libpq-oracle.py')], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`libpq oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { versions: Record<string, number>; results: OracleRow[] };
}

function poolscope(c: LibpqCase): Record<string, string | null> {
  const dir = tempDir('poolscope-libpq-');
  try {
    const sys = join(dir.path, 'sysconf');
    mkdirSync(sys);
    const env = testEnv(dir.path, { PGPASSFILE: join(dir.path, 'pgpass'), PGSERVICEFILE: join(dir.path, 'pg_service.conf'), PGSYSCONFDIR: sys }, osUser);
    if (c.pgpass !== undefined) {
      writeFileSync(env.env.PGPASSFILE!, c.pgpass);
      chmodSync(env.env.PGPASSFILE!, c.pgpassMode ?? 0o600);
    }
    if (c.service !== undefined) writeFileSync(env.env.PGSERVICEFILE!, c.service);
    if (c.sysService !== undefined) writeFileSync(join(sys, 'pg_service.conf'), c.sysService);
    let r: LibpqResolved;
    try {
      r = resolveLibpq(explicitKeywords(parseConnectionString(c.conninfo)), env);
    } catch (err) {
      return { error: (err as Error).message.replaceAll(dir.path, 'DIR') };
    }
    return { host: r.host, port: r.port, dbname: r.dbname, user: r.user, password: r.password ?? '' };
  } finally {
    dir.cleanup();
  }
}

/** libpq names the temp folder it was given; both sides' folders become DIR. */
function normalize(row: Record<string, string | null>): Record<string, string | null> {
  if (row.error) return { error: row.error.replace(/"\/tmp\/[^/"]+/g, '"DIR') };
  return row;
}

describe.skipIf(!python.python)('libpq resolution: Poolscope against libpq itself', () => {
  const oracle = python.python ? runOracle(LIBPQ_CASES) : { versions: {}, results: [] };

  it('runs against both libpq builds', () => {
    expect(oracle.versions.system).toBeGreaterThanOrEqual(150000);
    expect(oracle.results).toHaveLength(LIBPQ_CASES.length);
  });

  it.each(LIBPQ_CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = LIBPQ_CASES[i]!;
    const row = oracle.results[i]!;
    const ours = normalize(poolscope(c));
    expect(ours, `system libpq ${oracle.versions.system}`).toEqual(normalize(row.system));
    // psycopg's own libpq (a newer major) must agree on every value; its error wording may differ.
    if (row.psycopg && !row.psycopg.error) expect(ours).toEqual(normalize(row.psycopg));
    if (row.psycopg?.error) expect(ours.error).toBeDefined();
  });
});

interface KeywordList {
  version: number;
  options: Array<{ keyword: string; secret: boolean }>;
}

describe.skipIf(!python.python)('libpq keywords: Poolscope against the libpq builds themselves', () => {
  const r = python.python ? spawnSync(python.python, [join(process.cwd(), 'test', 'libpq-keywords.py')], { encoding: 'utf8' }) : null;
  const lists = r && r.status === 0 ? (JSON.parse(r.stdout) as { system: KeywordList; psycopg: KeywordList }) : null;

  it('a service file may use every keyword the system libpq and psycopg\'s libpq know, and no other', () => {
    expect(lists, r?.stderr).not.toBeNull();
    const known = new Set([...lists!.system.options, ...lists!.psycopg.options].map((o) => o.keyword));
    // `service` inside a service file is refused on purpose (libpq refuses nested services too).
    known.delete('service');
    expect(lists!.psycopg.version).toBeGreaterThanOrEqual(lists!.system.version);
    expect([...known].filter((k) => !LIBPQ_KEYWORDS.has(k)).sort(), `libpq ${lists!.system.version} and ${lists!.psycopg.version}`).toEqual([]);
    expect([...LIBPQ_KEYWORDS].filter((k) => !known.has(k)).sort()).toEqual([]);
  });

  it('every keyword either libpq marks secret is kept encrypted by Poolscope', () => {
    expect(lists, r?.stderr).not.toBeNull();
    const secret = new Set([...lists!.system.options, ...lists!.psycopg.options].filter((o) => o.secret).map((o) => o.keyword));
    expect(secret.size).toBeGreaterThanOrEqual(2);
    for (const k of secret) expect(SECRET_PARAM_NAMES as readonly string[]).toContain(k);
  });
});
