import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mysqlTarget, pgTarget } from './servers';

/**
 * The public sample schemas in ../shared/corpus (see SOURCES.tsv there), loaded into the real server
 * each one is written for. They are read from that folder, never copied into the project; when the
 * folder is missing the corpus tests say so loudly (and fail under CI=true).
 */
export const CORPUS_DIR = process.env.POOLSCOPE_CORPUS_DIR ?? '/work/shared/corpus';

export type CorpusBackend = 'postgresql' | 'mariadb' | 'sqlite';
export interface CorpusSchema {
  file: string;
  backend: CorpusBackend;
}

export const CORPUS: CorpusSchema[] = [
  { file: 'chinook_pg.sql', backend: 'postgresql' },
  { file: 'pagila_pg.sql', backend: 'postgresql' },
  { file: 'chinook_my.sql', backend: 'mariadb' },
  { file: 'sakila_my.sql', backend: 'mariadb' },
  { file: 'employees_my.sql', backend: 'mariadb' },
  { file: 'chinook_lite.sql', backend: 'sqlite' },
  { file: 'sakila_lite.sql', backend: 'sqlite' },
];

/**
 * PostgreSQL 18's built-in uuidv7(), stood in on PostgreSQL 15 where pagila's defaults call it: in the
 * source database, and in the fresh databases its models are created in (as PostgreSQL 18 would have it).
 */
export const PG18_STANDINS = "CREATE FUNCTION pg_catalog.uuidv7() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()';";

export function needsPg18Standins(c: CorpusSchema): boolean {
  return c.backend === 'postgresql' && /uuidv7\(\)/.test(readFileSync(join(CORPUS_DIR, c.file), 'utf8'));
}

export function corpusMissing(): string | null {
  const absent = CORPUS.filter((c) => !existsSync(join(CORPUS_DIR, c.file))).map((c) => c.file);
  return absent.length ? `corpus files missing in ${CORPUS_DIR}: ${absent.join(', ')} (set POOLSCOPE_CORPUS_DIR)` : null;
}

/**
 * The file's text made loadable into a database of our own, following the corpus README's notes:
 * no database switching, no client-side `source`, and the PostgreSQL 18 features PostgreSQL 15 lacks
 * replaced by their nearest equivalent (VIRTUAL -> STORED, uuidv7() -> a stand-in, pgvector's
 * vector(n) -> real[] since the extension is not installed here).
 */
export function loadableSql(c: CorpusSchema): string {
  let sql = readFileSync(join(CORPUS_DIR, c.file), 'utf8');
  if (c.backend === 'postgresql') {
    sql = sql
      .split('\n')
      .filter((l) => !/^\\/.test(l) && !/^\s*(DROP|CREATE) DATABASE\b/i.test(l))
      .join('\n')
      .replace(/\bGENERATED ALWAYS AS (\(.*\)) VIRTUAL/g, 'GENERATED ALWAYS AS $1 STORED')
      .replace(/^CREATE EXTENSION IF NOT EXISTS vector .*$/m, '')
      .replace(/^COMMENT ON EXTENSION vector .*$/m, '')
      .replace(/public\.vector\(\d+\)/g, 'real[]')
      // pgvector's HNSW index has no stand-in without the extension.
      .replace(/^CREATE INDEX \S+ ON \S+ USING hnsw .*$/m, '');
    if (/uuidv7\(\)/.test(sql)) sql = `${PG18_STANDINS}\n${sql}`;
  } else if (c.backend === 'mariadb') {
    sql = sql
      .split('\n')
      .filter((l) => !/^\s*(DROP|CREATE) (DATABASE|SCHEMA)\b/i.test(l) && !/^\s*USE\s/i.test(l) && !/^\s*source\s/i.test(l) && !/^\s*flush\s/i.test(l))
      .join('\n')
      // MariaDB ignores MySQL's versioned comments; unwrapping keeps what they declare (GEOMETRY, SPATIAL KEY).
      .replace(/\/\*!50705 ([\s\S]*?)\*\//g, '$1')
      // The view names the sakila database, which does not exist here.
      .replace(/`?sakila`?\./g, '');
  }
  return sql;
}

/** Loads the schema with the server's own client (psql / mysql) or better-sqlite3; throws with the client's error. */
export function loadCorpus(c: CorpusSchema, database: string): void {
  const sql = loadableSql(c);
  if (c.backend === 'sqlite') {
    const db = new Database(database);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const r =
    c.backend === 'postgresql'
      ? (() => {
          const t = pgTarget();
          return spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', t.host, '-p', String(t.port), '-U', t.user, '-d', database], { input: sql, encoding: 'utf8', env: { ...process.env, ...(t.password ? { PGPASSWORD: t.password } : {}) }, timeout: 120_000 });
        })()
      : (() => {
          const t = mysqlTarget();
          return spawnSync('mysql', ['-h', t.host, '-P', String(t.port), '-u', t.user, database], { input: sql, encoding: 'utf8', env: { ...process.env, ...(t.password ? { MYSQL_PWD: t.password } : {}) }, timeout: 120_000 });
        })();
  if (r.status !== 0) throw new Error(`loading ${c.file} into ${database} failed (${r.status}): ${(r.stderr || r.error?.message || '').slice(0, 2000)}`);
}
