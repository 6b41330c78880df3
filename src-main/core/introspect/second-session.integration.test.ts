import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { mysqlAdmin, mysqlPassword, mysqlProfile, mysqlTarget, pgAdmin, pgPassword, pgProfile, pgTarget, tempMysqlDatabase, tempPgDatabase } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';
import { driverFor, type DriverConnection } from '../drivers';
import type { ProfileData } from '../../shared/profile';
import { introspectorFor } from './index';
import { runTypes } from './run';

/**
 * MySQL/MariaDB split the catalog queries over a second session (IntrospectOptions.openSession):
 * the same schema as on one session, the second session closed on every path. On both servers a
 * session that dies mid-way fails the run with the driver's words instead of crashing or hanging.
 */

const PG_DDL = `
CREATE SCHEMA other;
CREATE TABLE other.lonely (id int PRIMARY KEY, code int NOT NULL, UNIQUE (id, code));
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE parent (a int, b int, note text CHECK (note <> ''), feeling mood, PRIMARY KEY (b, a), UNIQUE (a));
CREATE TABLE child (id serial PRIMARY KEY, pa int, pb int, lid int, lcode int,
  FOREIGN KEY (pb, pa) REFERENCES parent (b, a) ON DELETE CASCADE,
  FOREIGN KEY (lcode, lid) REFERENCES other.lonely (code, id));
ALTER TABLE child ADD COLUMN gone int;
ALTER TABLE child DROP COLUMN gone;
ALTER TABLE child ADD COLUMN later int REFERENCES parent (a);
CREATE TABLE events (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE into_partition (id int PRIMARY KEY, eid int, eat date, FOREIGN KEY (eid, eat) REFERENCES events_2026 (id, at));
CREATE INDEX ix_child_lower ON child ((lower(pa::text)), pb);
`;

const MY_DDL = [
  'CREATE TABLE parent (a int, b int, note varchar(10) CHECK (note <> \'\'), PRIMARY KEY (b, a), UNIQUE KEY uq_a (a))',
  `CREATE TABLE child (id int AUTO_INCREMENT PRIMARY KEY, pa int, pb int, later int, KEY ix_pb (pb),
     CONSTRAINT fk_pair FOREIGN KEY (pb, pa) REFERENCES parent (b, a) ON DELETE CASCADE,
     CONSTRAINT fk_later FOREIGN KEY (later) REFERENCES parent (a) ON UPDATE SET NULL)`,
];

/** A driver connection whose n-th query first has the server end the session (as a DBA's kill would). */
function dyingOn(conn: DriverConnection, n: number, kill: (sessionId: string) => Promise<void>): DriverConnection {
  let count = 0;
  const query: DriverConnection['query'] = async (sql, params, opts) => {
    if (++count === n) await kill(conn.sessionId!);
    return conn.query(sql, params, opts);
  };
  return new Proxy(conn, { get: (target, key) => (key === 'query' ? query : Reflect.get(target, key, target)) });
}

function suite(kind: 'postgres' | 'mysql', twoSessions: boolean, setup: () => Promise<{ profile: ProfileData; password?: string; name: string; drop(): Promise<void> }>, kill: (sessionId: string) => Promise<void>, sessions: (db: string, app: string) => Promise<number>) {
  const family = kind === 'postgres' ? 'postgresql' : 'mysql';
  let ctx: Awaited<ReturnType<typeof setup>>;
  const connect = (applicationName = 'poolscope-second-session-test') => driverFor(ctx.profile.backend).connect({ profile: ctx.profile, ...(ctx.password !== undefined ? { password: ctx.password } : {}), applicationName });

  beforeAll(async () => {
    ctx = await setup();
  });
  afterAll(async () => {
    await ctx?.drop();
  });
  // Some behaviours belong to one backend only (MySQL/MariaDB open a second session, PostgreSQL never
  // does): those tests are declared for that backend alone rather than reported as skipped on the other.
  const itWithTwo = twoSessions ? it : () => undefined;
  const itWithOne = twoSessions ? () => undefined : it;

  itWithTwo('reads the same schema over two sessions as over one, and closes the second', async () => {
    const conn = await connect();
    const opened: DriverConnection[] = [];
    try {
      const one = await introspectorFor(family).introspect(conn, {});
      const two = await introspectorFor(family).introspect(conn, { openSession: async () => (opened.push(await connect()), opened.at(-1)!) });
      expect(two).toEqual(one);
      expect(opened).toHaveLength(1);
      await expect(opened[0]!.query('SELECT 1')).rejects.toThrow();
      // The first connection is the caller's: still open.
      await expect(conn.query('SELECT 1')).resolves.toBeTruthy();
    } finally {
      await conn.close();
    }
  });

  itWithTwo('falls back to one session when the second cannot be opened', async () => {
    const conn = await connect();
    try {
      const one = await introspectorFor(family).introspect(conn, {});
      const fallback = await introspectorFor(family).introspect(conn, { openSession: () => Promise.reject(new Error('too many connections')) });
      expect(fallback).toEqual(one);
    } finally {
      await conn.close();
    }
  });

  itWithTwo('fails with the driver error, not a crash, when the second session dies mid-way, and closes it', async () => {
    const conn = await connect();
    let extra: DriverConnection | undefined;
    try {
      const run = introspectorFor(family).introspect(conn, {
        openSession: async () => {
          extra = await connect();
          return dyingOn(extra, 2, kill);
        },
      });
      await expect(run).rejects.toThrow(/not queryable|ended by the other party|terminat|closed|lost|killed|gone away/i);
      expect(extra!.broken).toBe(true);
      await expect(conn.query('SELECT 1')).resolves.toBeTruthy();
    } finally {
      await conn.close();
    }
  });

  it('fails with the driver error when the first session dies mid-way, and closes any second one', async () => {
    const conn = await connect();
    let extra: DriverConnection | undefined;
    try {
      const run = introspectorFor(family).introspect(dyingOn(conn, 2, kill), {
        openSession: async () => (extra = await connect()),
      });
      await expect(run).rejects.toThrow(/not queryable|ended by the other party|terminat|closed|lost|killed|gone away/i);
      if (twoSessions) await expect(extra!.query('SELECT 1')).rejects.toThrow();
      else expect(extra).toBeUndefined();
    } finally {
      await conn.close();
    }
  });

  itWithOne('stays on one session: it never asks for a second', async () => {
    const conn = await connect();
    try {
      let asked = 0;
      await introspectorFor(family).introspect(conn, { openSession: () => (asked++, connect()) });
      expect(asked).toBe(0);
    } finally {
      await conn.close();
    }
  });

  it('runTypes leaves no session of its own behind, after a run and after a cancel', async () => {
    await runTypes({ profile: ctx.profile, ...(ctx.password !== undefined ? { password: ctx.password } : {}), label: 'test' });
    const cancel = new AbortController();
    const run = runTypes({
      profile: ctx.profile,
      ...(ctx.password !== undefined ? { password: ctx.password } : {}),
      label: 'test',
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.phase === 'introspecting') cancel.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect.poll(() => sessions(ctx.name, 'poolscope-types'), { timeout: 5000 }).toBe(0);
  });
}

describe.skipIf(serverMissing('postgres'))('PostgreSQL introspection over a second session (real server)', () => {
  suite(
    'postgres',
    false,
    async () => {
      const db = await tempPgDatabase();
      const c = new pg.Client({ ...pgTarget(), database: db.name });
      await c.connect();
      await c.query(PG_DDL);
      await c.end();
      return { profile: pgProfile({ database: db.name }), ...(pgPassword() !== undefined ? { password: pgPassword() } : {}), name: db.name, drop: () => db.drop() };
    },
    async (pid) => {
      const a = await pgAdmin();
      await a.query('SELECT pg_terminate_backend($1)', [Number(pid)]);
      await a.end();
    },
    async (db, app) => {
      const a = await pgAdmin();
      const { rows } = await a.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND backend_type = 'client backend'", [db, app]);
      await a.end();
      return rows[0]!.n;
    },
  );
});

describe.skipIf(serverMissing('mysql'))('MySQL/MariaDB introspection over a second session (real server)', () => {
  suite(
    'mysql',
    true,
    async () => {
      const db = await tempMysqlDatabase();
      const c = await mysql.createConnection({ ...mysqlTarget(), database: db.name });
      for (const ddl of MY_DDL) await c.query(ddl);
      await c.end();
      return { profile: mysqlProfile({ database: db.name }), ...(mysqlPassword() !== undefined ? { password: mysqlPassword() } : {}), name: db.name, drop: () => db.drop() };
    },
    async (id) => {
      const a = await mysqlAdmin();
      await a.query(`KILL ${Number(id)}`);
      await a.end();
    },
    async (db) => {
      // MariaDB keeps connection attributes in performance_schema only when it is on: counted by
      // database (only this file's connections use it, and they are closed by then).
      const a = await mysqlAdmin();
      const [rows] = await a.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [db]);
      await a.end();
      return Number(rows[0]!.n);
    },
  );
});
