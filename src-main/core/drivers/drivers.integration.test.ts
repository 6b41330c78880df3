import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { driverFor, type DriverConnection } from './index';
import { parseProfile } from '../../shared/profile';
import { mysqlAdmin, mysqlPassword, mysqlProfile, pgAdmin, pgPassword, pgProfile } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { tempDir } from '../../../test/tmp';

function waitForError(conn: DriverConnection): Promise<Error> {
  return new Promise((resolve) => {
    const off = conn.onError((err) => {
      off();
      resolve(err);
    });
  });
}

describe.skipIf(serverMissing('postgres'))('PostgreSQL driver (pg Client)', () => {
  const driver = driverFor('postgresql');

  it('connects, queries with parameters, pings and reports its backend pid', async () => {
    const conn = await driver.connect({ profile: pgProfile(), password: pgPassword(), applicationName: 'poolscope-test-drv' });
    try {
      const { rows } = await conn.query<{ n: number; pid: number; app: string }>("SELECT $1::int + 1 AS n, pg_backend_pid() AS pid, current_setting('application_name') AS app", [41]);
      expect(rows[0]!.n).toBe(42);
      expect(conn.sessionId).toBe(String(rows[0]!.pid));
      expect(rows[0]!.app).toBe('poolscope-test-drv');
      await expect(conn.ping()).resolves.toBeUndefined();
    } finally {
      await conn.close();
    }
  });

  it('survives the server terminating an idle session: error event, broken flag, disconnect-classified query error', async () => {
    const conn = await driver.connect({ profile: pgProfile(), password: pgPassword() });
    const admin = await pgAdmin();
    try {
      const errored = waitForError(conn);
      await admin.query('SELECT pg_terminate_backend($1)', [Number(conn.sessionId)]);
      const err = await errored;
      expect(driver.isDisconnect(err)).toBe(true);
      expect(conn.broken).toBe(true);
      const failure = await conn.query('SELECT 1').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(driver.isDisconnect(failure)).toBe(true);
    } finally {
      conn.destroy();
      await admin.end();
    }
  });

  it('falls back to plain text under tls=prefer when the server has no TLS, and fails under require', async () => {
    const admin = await pgAdmin();
    const ssl = (await admin.query('SHOW ssl')).rows[0].ssl as string;
    await admin.end();
    const prefer = await driver.connect({ profile: pgProfile({ tls: { mode: 'prefer' } }), password: pgPassword() });
    await prefer.close();
    if (ssl === 'off') {
      await expect(driver.connect({ profile: pgProfile({ tls: { mode: 'require' } }), password: pgPassword() })).rejects.toThrow(/does not support SSL/);
    }
  });

  it('classifies a wrong database as an error that is not a disconnect', async () => {
    const err = await driver.connect({ profile: pgProfile({ database: 'no_such_db_here' }), password: pgPassword() }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('3D000');
  });
});

describe.skipIf(serverMissing('mysql'))('MySQL/MariaDB driver (mysql2 connection)', () => {
  const driver = driverFor('mariadb');

  it('connects with utf8mb4, tags the session and reports its thread id', async () => {
    const conn = await driver.connect({ profile: mysqlProfile(), password: mysqlPassword(), applicationName: 'poolscope-test-drv' });
    try {
      const { rows } = await conn.query<{ id: number; cs: string; n: number }>('SELECT CONNECTION_ID() AS id, @@character_set_connection AS cs, ? + 1 AS n', [41]);
      expect(String(rows[0]!.id)).toBe(conn.sessionId);
      expect(rows[0]!.cs).toBe('utf8mb4');
      expect(Number(rows[0]!.n)).toBe(42);
      await expect(conn.ping()).resolves.toBeUndefined();
    } finally {
      await conn.close();
    }
  });

  it('survives KILL of an idle session: error event, and the next query is a disconnect', async () => {
    const conn = await driver.connect({ profile: mysqlProfile(), password: mysqlPassword() });
    const admin = await mysqlAdmin();
    try {
      const errored = waitForError(conn);
      await admin.query(`KILL ${Number(conn.sessionId)}`);
      const err = await errored;
      expect(driver.isDisconnect(err)).toBe(true);
      const failure = await conn.query('SELECT 1').catch((e: unknown) => e);
      expect(driver.isDisconnect(failure)).toBe(true);
    } finally {
      conn.destroy();
      await admin.end();
    }
  });

  it('connects over the unix socket when one is given', async () => {
    const sock = '/run/mysqld/mysqld.sock';
    const { existsSync } = await import('node:fs');
    if (!existsSync(sock)) return expect(existsSync(sock)).toBe(false);
    const conn = await driver.connect({ profile: mysqlProfile({ host: undefined, port: undefined, socket: sock, user: 'root' }), password: mysqlPassword() });
    const { rows } = await conn.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0]!.one).toBe(1);
    await conn.close();
  });
});

describe('SQLite driver (better-sqlite3)', () => {
  const driver = driverFor('sqlite');
  const dir = tempDir();
  beforeAll(() => undefined);
  afterAll(() => dir.cleanup());

  it('gives each :memory: connection its own empty database', async () => {
    const a = await driver.connect({ profile: parseProfile({ name: 'm', backend: 'sqlite', database: ':memory:' }) });
    const b = await driver.connect({ profile: parseProfile({ name: 'm', backend: 'sqlite', database: ':memory:' }) });
    await a.query('CREATE TABLE users (id INTEGER)');
    await a.query('INSERT INTO users VALUES (?)', [1]);
    expect((await a.query('SELECT count(*) AS n FROM users')).rows).toEqual([{ n: 1 }]);
    await expect(b.query('SELECT count(*) AS n FROM users')).rejects.toThrow(/no such table: users/);
    await a.close();
    await b.close();
  });

  it('a return sends ROLLBACK exactly when SQLite is inside a transaction, however it was opened', async () => {
    const conn = await driver.connect({ profile: parseProfile({ name: 'm', backend: 'sqlite', database: ':memory:' }) });
    await conn.query('CREATE TABLE t (id INTEGER)');
    await conn.query('SELECT 1');
    expect(conn.endTransaction('rollback')).toBeNull();
    // BEGIN sent as plain SQL (it returns no rows), then only reads: the return must still roll back.
    await conn.query('BEGIN');
    await conn.query('INSERT INTO t VALUES (1)');
    await conn.query('SELECT count(*) AS n FROM t');
    const pending = conn.endTransaction('rollback');
    expect(pending).not.toBeNull();
    await pending;
    expect((await conn.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0 }]);
    expect(conn.endTransaction('rollback')).toBeNull();
    // A write in autocommit mode leaves no transaction open: nothing to send.
    await conn.query('INSERT INTO t VALUES (2)');
    expect(conn.endTransaction('rollback')).toBeNull();
    // A SAVEPOINT opens one too.
    await conn.query('SAVEPOINT sp');
    await conn.query('SELECT 1');
    expect(conn.endTransaction('rollback')).not.toBeNull();
    await conn.close();
  });

  it('speaking as pysqlite, a write opens a transaction that a return rolls back', async () => {
    const conn = await driver.connect({ profile: parseProfile({ name: 'm', backend: 'sqlite', database: ':memory:' }), pythonTransactions: true });
    await conn.query('CREATE TABLE t (id INTEGER)');
    await conn.query('SELECT 1');
    expect(conn.endTransaction('rollback')).toBeNull();
    await conn.query('INSERT INTO t VALUES (1) RETURNING id');
    await conn.endTransaction('rollback');
    expect((await conn.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0 }]);
    await conn.close();
    // Closed: nothing to end, nothing thrown.
    expect(conn.endTransaction('rollback')).toBeNull();
  });

  it('refuses a missing file instead of creating it, and reports a non-database file at first use', async () => {
    await expect(driver.connect({ profile: parseProfile({ name: 'x', backend: 'sqlite', database: join(dir.path, 'nope.db') }) })).rejects.toThrow(/does not exist/);
    const junk = join(dir.path, 'junk.db');
    writeFileSync(junk, 'not a database'.repeat(200));
    const conn = await driver.connect({ profile: parseProfile({ name: 'x', backend: 'sqlite', database: junk }) });
    await expect(conn.query('SELECT * FROM sqlite_master')).rejects.toThrow(/not a database/);
    await conn.close();
  });
});

describe('rows as arrays (QueryOptions.arrays), for wide catalog results', () => {
  const cases: Array<[string, string | null, () => Promise<DriverConnection>, string]> = [
    ['PostgreSQL', serverMissing('postgres'), () => driverFor('postgresql').connect({ profile: pgProfile(), password: pgPassword() }), 'SELECT $1::int AS a, $2::text AS b'],
    ['MySQL/MariaDB', serverMissing('mysql'), () => driverFor('mariadb').connect({ profile: mysqlProfile(), password: mysqlPassword() }), 'SELECT CAST(? AS SIGNED) AS a, CAST(? AS CHAR) AS b'],
    ['SQLite', null, () => driverFor('sqlite').connect({ profile: parseProfile({ name: 'mem', backend: 'sqlite', database: ':memory:' }) }), 'SELECT CAST(? AS INTEGER) AS a, CAST(? AS TEXT) AS b'],
  ];
  for (const [name, missing, connect, sql] of cases) {
    it.skipIf(missing)(`${name}: values in column order, and objects again for the next caller of the same statement`, async () => {
      const conn = await connect();
      try {
        expect((await conn.query(sql, [1, 'x'], { arrays: true })).rows).toEqual([[1, 'x']]);
        expect((await conn.query(sql, [2, 'y'])).rows).toEqual([{ a: 2, b: 'y' }]);
      } finally {
        await conn.close();
      }
    });
  }
});
