import type Database from 'better-sqlite3';
import type { Logger } from '../logging/logger';

/**
 * One JSON document per saved connection in a table `(connection_id PRIMARY KEY, <at>, <doc>)`
 * whose rows go with the connection (foreign key): the last check run, the last config export.
 * A row that cannot be read is logged and treated as absent; the next save replaces it.
 */
export class ConnectionJsonStore<T> {
  constructor(
    private readonly db: Database.Database,
    private readonly logger: Logger,
    private readonly spec: { table: string; at: string; doc: string; what: string },
  ) {}

  last(connectionId: string): T | null {
    const { table, doc } = this.spec;
    const row = this.db.prepare(`SELECT ${doc} AS doc FROM ${table} WHERE connection_id = ?`).get(connectionId) as { doc: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.doc) as T;
    } catch (err) {
      this.logger.warn(`stored ${this.spec.what} could not be read`, { connectionId, error: err as Error });
      return null;
    }
  }

  save(connectionId: string, at: string, value: T): void {
    const { table, at: atCol, doc } = this.spec;
    this.db
      .prepare(`INSERT INTO ${table} (connection_id, ${atCol}, ${doc}) VALUES (?, ?, ?) ON CONFLICT(connection_id) DO UPDATE SET ${atCol} = excluded.${atCol}, ${doc} = excluded.${doc}`)
      .run(connectionId, at, JSON.stringify(value));
  }
}
