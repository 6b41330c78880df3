import pg from 'pg';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { parseProfile, type ProfileData } from '../src-main/shared/profile';

/**
 * The real servers the integration tests run against. Defaults are the machine's local services;
 * POOLSCOPE_PG_URL / POOLSCOPE_MYSQL_URL point elsewhere.
 */
export const PG_URL = process.env.POOLSCOPE_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.POOLSCOPE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface ServerTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export function targetFromUrl(url: string, defaultPort: number): ServerTarget {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : defaultPort,
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

export const pgTarget = () => targetFromUrl(PG_URL, 5432);
export const mysqlTarget = () => targetFromUrl(MYSQL_URL, 3306);

export async function probePostgres(): Promise<string | null> {
  const t = pgTarget();
  const c = new pg.Client({ ...t, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return `${PG_URL.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function probeMysql(): Promise<string | null> {
  const t = mysqlTarget();
  try {
    const c = await mysql.createConnection({ ...t, connectTimeout: 3000 });
    await c.query('SELECT 1');
    await c.end();
    return null;
  } catch (err) {
    return `${MYSQL_URL.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`;
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A profile for the configured PostgreSQL server, optionally on another database. */
export function pgProfile(overrides: Record<string, unknown> = {}): ProfileData {
  const t = pgTarget();
  return parseProfile({ name: 'pg-test', backend: 'postgresql', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' }, ...overrides });
}

export function mysqlProfile(overrides: Record<string, unknown> = {}): ProfileData {
  const t = mysqlTarget();
  return parseProfile({ name: 'mysql-test', backend: 'mariadb', host: t.host, port: t.port, user: t.user, database: t.database, tls: { mode: 'disable' }, ...overrides });
}

export const pgPassword = () => pgTarget().password;
export const mysqlPassword = () => mysqlTarget().password;

/** An admin connection for test set-up (creating databases, killing sessions), outside the code under test. */
export async function pgAdmin(): Promise<pg.Client> {
  const c = new pg.Client({ ...pgTarget() });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

export async function mysqlAdmin(): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ ...mysqlTarget() });
  c.on('error', () => undefined);
  return c;
}

/** A throwaway PostgreSQL database for one test file; dropped (sessions terminated) by the returned function. */
export async function tempPgDatabase(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = uniqueName('poolscope_t');
  const admin = await pgAdmin();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    async drop() {
      const a = await pgAdmin();
      await a.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}

export async function tempMysqlDatabase(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = uniqueName('poolscope_t');
  const admin = await mysqlAdmin();
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  await admin.end();
  return {
    name,
    async drop() {
      const a = await mysqlAdmin();
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}
