import type { DriverConnection } from '../../drivers/types';
import { attempt, known, unknown, type FactMap } from './fact';

export async function sqliteVersion(conn: DriverConnection): Promise<string> {
  const { rows } = await conn.query<{ v: string }>('SELECT sqlite_version() AS v');
  return rows[0]!.v;
}

/**
 * SQLite facts. journal_mode is a property of the file (WAL persists); busy_timeout and
 * foreign_keys are per connection, so what Poolscope's own driver reports says nothing about the
 * application's connections: for those the documented defaults of Python's sqlite3 (which
 * aiosqlite wraps) are reported, marked as not measured.
 */
export async function collectSqliteFacts(conn: DriverConnection, memory: boolean): Promise<FactMap> {
  const facts: FactMap = {};
  facts.in_memory = known(memory, memory ? 'the profile names no file (:memory:)' : 'the profile names a database file');
  const jm = await attempt(() => conn.query<{ journal_mode: string }>('PRAGMA journal_mode'));
  facts.journal_mode = jm.ok && jm.value.rows[0] ? known(String(jm.value.rows[0].journal_mode).toLowerCase(), 'PRAGMA journal_mode') : unknown(jm.ok ? 'no answer' : jm.reason, 'PRAGMA journal_mode');
  facts.busy_timeout = known(5000, "Python's sqlite3.connect(timeout=5.0) default, which aiosqlite passes through; per connection, set it with connect_args={\"timeout\": …}", false);
  facts.foreign_keys = known(false, "SQLite's default for every new connection (Python's sqlite3 keeps it); enable it per connection with PRAGMA foreign_keys=ON", false);
  return facts;
}
