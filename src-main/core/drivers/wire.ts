import { randomUUID } from 'node:crypto';
import type { PyDriver } from '../../shared/backends';

/**
 * How the Python driver a profile names behaves on the wire, for the pool's PostgreSQL
 * connections: what a server, and any pooler in front of it, sees. Read from the drivers' source
 * (asyncpg 0.30 connection.py, SQLAlchemy 2.0 dialects/postgresql/asyncpg.py, psycopg 3.2
 * _preparing.py / connection.py):
 *
 * asyncpg under SQLAlchemy (AsyncAdapt_asyncpg_connection):
 * - autocommit off: BEGIN (a simple query) before the first statement when no transaction is open;
 * - every statement is prepared through connection.prepare(sql, name=prepared_statement_name_func()),
 *   a NAMED statement (asyncpg's "__asyncpg_stmt_<n>__", n counting per process, when the name
 *   function returns None, its default); SQLAlchemy keeps them per connection in an LRU of
 *   prepared_statement_cache_size (100), so the next execution of the same SQL only binds;
 * - pool_pre_ping: BEGIN; fetchrow(";") through asyncpg's own statement cache
 *   (statement_cache_size, 100: a named, cached statement; 0: unnamed); ROLLBACK.
 * psycopg 3 (autocommit off, prepare_threshold 5): BEGIN before the first statement; a statement is
 * prepared as "_pg3_<i>" (i counting per connection) once it has run prepare_threshold times on
 * the connection, then only bound; prepare_threshold None never prepares.
 *
 * A shared, mutable object: the lab can switch a live pool between a driver's defaults and the
 * export's PgBouncer recipe; connections read it on every statement.
 */
export interface WireSettings {
  driver: 'asyncpg' | 'psycopg' | 'plain';
  /** asyncpg's statement_cache_size (connect argument). */
  statementCacheSize: number;
  /** SQLAlchemy's prepared_statement_cache_size (URL parameter). */
  preparedStatementCacheSize: number;
  /** prepared_statement_name_func set to a unique-name function (uuid4), as the recipe does. */
  uniqueNames: boolean;
  /** psycopg's prepare_threshold; null is None (never prepare). */
  prepareThreshold: number | null;
}

export function plainWire(): WireSettings {
  return { driver: 'plain', statementCacheSize: 100, preparedStatementCacheSize: 100, uniqueNames: false, prepareThreshold: 5 };
}

const intParam = (v: string | undefined, fallback: number): number => (v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback);

/**
 * The wire settings for a profile: its Python driver with the driver's defaults, overridden by
 * what the URL carries (statement_cache_size, prepared_statement_cache_size, prepare_threshold);
 * `recipe` applies the PgBouncer recipe the export writes.
 */
export function wireFor(driver: PyDriver | undefined, params: Record<string, string>, recipe: boolean): WireSettings {
  if (driver !== 'asyncpg' && driver !== 'psycopg') return plainWire();
  const threshold = params['prepare_threshold'];
  return {
    driver,
    statementCacheSize: recipe ? 0 : intParam(params['statement_cache_size'], 100),
    preparedStatementCacheSize: recipe ? 0 : intParam(params['prepared_statement_cache_size'], 100),
    uniqueNames: recipe,
    prepareThreshold: recipe ? null : threshold === 'None' || threshold === 'none' ? null : intParam(threshold, 5),
  };
}

/** asyncpg's _uid: one counter for the whole process, so names are unique within it, not across processes. */
let asyncpgUid = 0;

/** One connection's driver-side statement state. */
export class WireState {
  /** SQLAlchemy's per-connection LRU: SQL -> statement name. */
  private readonly prepared = new Map<string, string>();
  /** asyncpg's own statement cache (for the pre-ping's fetchrow). */
  private readonly asyncpgCache = new Map<string, string>();
  /** psycopg: executions per SQL, and names given. */
  private readonly counts = new Map<string, number>();
  private readonly psycopgNames = new Map<string, string>();
  private psycopgIdx = 0;

  constructor(readonly settings: WireSettings) {}

  /** The statement name to run this SQL under, or undefined for an unnamed statement. */
  nameFor(sql: string): string | undefined {
    const s = this.settings;
    if (s.driver === 'asyncpg') {
      const size = s.preparedStatementCacheSize;
      if (size > 0) {
        const hit = this.prepared.get(sql);
        if (hit) {
          this.prepared.delete(sql);
          this.prepared.set(sql, hit);
          return hit;
        }
      }
      const name = s.uniqueNames ? `__asyncpg_${randomUUID()}__` : `__asyncpg_stmt_${(++asyncpgUid).toString(16)}__`;
      if (size > 0) {
        this.prepared.set(sql, name);
        if (this.prepared.size > size) this.prepared.delete(this.prepared.keys().next().value!);
      }
      return name;
    }
    if (s.driver === 'psycopg') {
      if (s.prepareThreshold === null) return undefined;
      const named = this.psycopgNames.get(sql);
      if (named) return named;
      const count = this.counts.get(sql) ?? 0;
      if (count >= s.prepareThreshold) {
        const name = `_pg3_${this.psycopgIdx++}`;
        this.psycopgNames.set(sql, name);
        this.counts.delete(sql);
        return name;
      }
      this.counts.set(sql, count + 1);
      return undefined;
    }
    return undefined;
  }

  /**
   * psycopg's rollback(): after ROLLBACK it clears its prepared-statement state (counts and names,
   * though not its name counter) and, when it had prepared any, sends DEALLOCATE ALL. True when
   * that DEALLOCATE ALL is due. So a service that rolls back every request never reaches
   * prepare_threshold; one that commits does.
   */
  clearOnRollback(): boolean {
    if (this.settings.driver !== 'psycopg') return false;
    this.counts.clear();
    if (this.psycopgNames.size === 0) return false;
    this.psycopgNames.clear();
    return true;
  }

  /** The name asyncpg's own cache gives the pre-ping's ";" (undefined: unnamed, statement_cache_size=0). */
  pingName(): string | undefined {
    if (this.settings.statementCacheSize <= 0) return undefined;
    let name = this.asyncpgCache.get(';');
    if (!name) {
      name = `__asyncpg_stmt_${(++asyncpgUid).toString(16)}__`;
      this.asyncpgCache.set(';', name);
    }
    return name;
  }
}

/** Statements the driver sends as they are, outside its autobegin: transaction control and session settings. */
export const NO_AUTOBEGIN = /^\s*(begin|start\s+transaction|commit|rollback|end|abort|set|reset|show|savepoint|release|prepare\s+transaction|deallocate)\b/i;
