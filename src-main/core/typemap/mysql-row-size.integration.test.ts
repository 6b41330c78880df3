import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { serverMissing } from '../../../test/requires';
import { mysqlTarget, tempMysqlDatabase } from '../../../test/servers';
import { INNODB_MAX_RECORD_BYTES, MYSQL_MAX_ROW_BYTES, mysqlRowSize } from './mysql-row-size';

/**
 * The row-size model against the real server: random tables, many of them pushed to exactly one
 * byte below or at each limit, created on MariaDB; the prediction must match what CREATE TABLE does.
 */
type Col = { ddl: string; nullable: boolean };

const WIDE = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'BOOL', 'FLOAT', 'DOUBLE', 'NUMERIC(10, 2)', 'NUMERIC(30, 10)', 'DATE', 'DATETIME', 'DATETIME(6)', 'TIME(3)', 'TIMESTAMP(2)', 'CHAR(1)', 'CHAR(32)', 'CHAR(100)', 'VARCHAR(10)', 'VARCHAR(63)', 'VARCHAR(64)', 'VARCHAR(255)', 'VARCHAR(1000)', 'VARCHAR(4000)', 'VARCHAR(8000)', 'TEXT', 'TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT', 'JSON', 'BLOB', 'VARBINARY(100)', 'VARBINARY(300)', 'BINARY(16)', "ENUM('a','b')", 'TEXT(100)', 'BIT(9)', 'NATIONAL VARCHAR(100)', 'YEAR'];
const SHORT = ['TINYINT', 'BIGINT', 'NUMERIC(30, 10)', 'DATETIME(6)', 'CHAR(32)', 'CHAR(60)', 'VARCHAR(50)', 'VARCHAR(63)', 'VARCHAR(64)', 'VARBINARY(255)', 'BINARY(200)', 'TEXT', 'NATIONAL CHAR(80)', 'VARCHAR(20)'];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Adds NOT NULL BINARY(200) and TINYINT (the same bytes in both counts) or VARCHAR padding so the table lands on `target` bytes of `limit`. */
function landOn(cols: Col[], pk: boolean, limit: 'server' | 'innodb', target: number): Col[] | null {
  const all = (cs: Col[]) => (pk ? [{ ddl: 'INTEGER', nullable: false }, ...cs] : cs);
  const size = mysqlRowSize(all(cols), pk)!;
  if (limit === 'innodb') {
    const gap = target - size.innodbBytes;
    if (gap < 0 || size.serverBytes + gap > MYSQL_MAX_ROW_BYTES) return null;
    // BINARY(200) (200 bytes in both counts) for the bulk, TINYINTs for the rest: InnoDB takes at most 1,017 columns.
    const bulk = Math.floor(gap / 200);
    return [...cols, ...Array.from({ length: bulk }, () => ({ ddl: 'BINARY(200)', nullable: false })), ...Array.from({ length: gap - bulk * 200 }, () => ({ ddl: 'TINYINT', nullable: false }))];
  }
  // A VARCHAR over 255 bytes adds 4n + 2 to the server count and 21 to the record: solve for n, then top up with TINYINTs.
  const gap = target - size.serverBytes;
  if (gap < 300) return null;
  const n = Math.floor((gap - 2) / 4);
  const padded = [...cols, { ddl: `VARCHAR(${n})`, nullable: false }];
  const rest = target - mysqlRowSize(all(padded), pk)!.serverBytes;
  return [...padded, ...Array.from({ length: rest }, () => ({ ddl: 'TINYINT', nullable: false }))];
}

describe.skipIf(serverMissing('mysql'))('MySQL row size: the model matches CREATE TABLE on the real server', () => {
  let db: { name: string; drop(): Promise<void> };
  let conn: mysql.Connection;
  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const t = mysqlTarget();
    conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: db.name });
  });
  afterAll(async () => {
    await conn?.end();
    await db?.drop();
  });

  async function creates(cols: Col[], pk: boolean): Promise<{ ok: boolean; error: string }> {
    const defs = cols.map((c, i) => `c${i} ${c.ddl} ${c.nullable ? 'NULL' : 'NOT NULL'}`);
    if (pk) defs.unshift('id INTEGER NOT NULL PRIMARY KEY');
    await conn.query('DROP TABLE IF EXISTS row_size_probe');
    try {
      await conn.query(`CREATE TABLE row_size_probe (${defs.join(', ')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
      return { ok: true, error: '' };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  it('agrees on random tables, on tables one byte under each limit and on tables exactly at it', async () => {
    const rnd = random(20261124);
    const pick = (xs: string[]) => xs[Math.floor(rnd() * xs.length)]!;
    const cases: Array<{ cols: Col[]; pk: boolean }> = [];
    for (let k = 0; k < 40; k++) {
      const palette = k % 2 ? SHORT : WIDE;
      const cols = Array.from({ length: 5 + Math.floor(rnd() * 40) }, () => ({ ddl: pick(palette), nullable: rnd() < 0.5 }));
      const pk = rnd() < 0.5;
      cases.push({ cols, pk });
      for (const limit of ['server', 'innodb'] as const) {
        const max = limit === 'server' ? MYSQL_MAX_ROW_BYTES : INNODB_MAX_RECORD_BYTES - 1;
        for (const target of [max, max + 1]) {
          const landed = landOn(cols, pk, limit, target);
          if (landed) cases.push({ cols: landed, pk });
        }
      }
    }
    const mismatches: string[] = [];
    const seen = { fits: 0, server: 0, innodb: 0 };
    for (const c of cases) {
      const predicted = mysqlRowSize(c.pk ? [{ ddl: 'INTEGER', nullable: false }, ...c.cols] : c.cols, c.pk)!;
      const real = await creates(c.cols, c.pk);
      seen[predicted.exceeds ?? 'fits']++;
      if (real.ok !== (predicted.exceeds === null)) mismatches.push(`${JSON.stringify(predicted)} but the server said ${real.ok ? 'OK' : real.error.slice(0, 80)}: ${c.cols.map((x) => x.ddl).join(', ')}`);
      else if (!real.ok) expect(real.error).toMatch(predicted.exceeds === 'innodb' ? /Row size too large \(> 8126\)/ : /Row size too large\. The maximum row size .* is 65535/);
    }
    expect(mismatches).toEqual([]);
    // The cases really sat on both sides of both limits.
    expect(seen.fits).toBeGreaterThan(30);
    expect(seen.server).toBeGreaterThan(10);
    expect(seen.innodb).toBeGreaterThan(10);
  });
});
