import type Database from 'better-sqlite3';
import type { LastExport } from '../../shared/export/bundle';
import type { Logger } from '../logging/logger';

/**
 * The last saved export of each connection (migration 6), so the next preview can show what
 * changed. Deleting the connection deletes it (foreign key). It holds generated files only, which
 * never contain a password.
 */
export class ExportStore {
  constructor(
    private readonly db: Database.Database,
    private readonly logger: Logger,
  ) {}

  last(connectionId: string): LastExport | null {
    const row = this.db.prepare('SELECT export FROM exports WHERE connection_id = ?').get(connectionId) as { export: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.export) as LastExport;
    } catch (err) {
      // A damaged row only costs the diff; the next save replaces it.
      this.logger.warn('stored export could not be read', { connectionId, error: err as Error });
      return null;
    }
  }

  save(connectionId: string, last: LastExport): void {
    this.db
      .prepare('INSERT INTO exports (connection_id, exported_at, export) VALUES (?, ?, ?) ON CONFLICT(connection_id) DO UPDATE SET exported_at = excluded.exported_at, export = excluded.export')
      .run(connectionId, last.exportedAt, JSON.stringify(last));
  }
}
