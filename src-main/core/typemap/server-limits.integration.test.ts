import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { serverMissing } from '../../../test/requires';
import { mysqlTarget, pgTarget, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { compileType } from './compile';
import type { SaType } from './satype';

/**
 * compile.ts says which DDL the server refuses although SQLAlchemy emits it. Each case here is put
 * to the real server: what Poolscope calls accepted must be created, what it calls refused must fail.
 */
const CASES: SaType[] = [
  { cls: 'String', length: 16383 },
  { cls: 'String', length: 16384 },
  { cls: 'String', length: 10485760 },
  { cls: 'String', length: 10485761 },
  { cls: 'CHAR', length: 255 },
  { cls: 'CHAR', length: 256 },
  { cls: 'Numeric', precision: 65, scale: 30 },
  { cls: 'Numeric', precision: 66, scale: 2 },
  { cls: 'Numeric', precision: 60, scale: 38 },
  { cls: 'Numeric', precision: 60, scale: 39 },
  { cls: 'Numeric', precision: 1000, scale: 0 },
  { cls: 'Numeric', precision: 1001, scale: 2 },
  { cls: 'Text', length: 100 },
];

/** The DDL SQLAlchemy emits, whether or not Poolscope expects the server to take it. */
function emitted(t: SaType, target: 'mysql' | 'postgresql'): { ddl: string; accepted: boolean } {
  const r = compileType(t, target);
  if (r.ok) return { ddl: r.ddl, accepted: true };
  const m = /^SQLAlchemy emits (.+?) here, which the server rejects/.exec(r.error);
  if (!m) throw new Error(`not a server refusal: ${r.error}`);
  return { ddl: m[1]!, accepted: false };
}

describe.skipIf(serverMissing('mysql'))('server limits on the real MariaDB match compile.ts', () => {
  let db: { name: string; drop(): Promise<void> };
  let c: mysql.Connection;
  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const t = mysqlTarget();
    c = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: db.name });
    await c.query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
  });
  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });

  it.each(CASES.map((t) => [JSON.stringify(t), t] as const))('%s', async (_name, t) => {
    const { ddl, accepted } = emitted(t, 'mysql');
    const created = await c.query(`CREATE TEMPORARY TABLE probe (v ${ddl}) DEFAULT CHARSET=utf8mb4`).then(
      () => true,
      () => false,
    );
    await c.query('DROP TEMPORARY TABLE IF EXISTS probe');
    expect({ ddl, created }).toEqual({ ddl, created: accepted });
  });
});

describe.skipIf(serverMissing('postgres'))('server limits on the real PostgreSQL match compile.ts', () => {
  let db: { name: string; drop(): Promise<void> };
  let c: pg.Client;
  beforeAll(async () => {
    db = await tempPgDatabase();
    c = new pg.Client({ ...pgTarget(), database: db.name });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });

  it.each(CASES.map((t) => [JSON.stringify(t), t] as const))('%s', async (_name, t) => {
    const { ddl, accepted } = emitted(t, 'postgresql');
    const created = await c.query(`CREATE TEMPORARY TABLE probe (v ${ddl})`).then(
      () => true,
      () => false,
    );
    await c.query('DROP TABLE IF EXISTS probe');
    expect({ ddl, created }).toEqual({ ddl, created: accepted });
  });
});
