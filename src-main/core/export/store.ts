import type Database from 'better-sqlite3';
import type { LastExport } from '../../shared/export/bundle';
import type { Logger } from '../logging/logger';
import { ConnectionJsonStore } from '../db/connection-json-store';

/**
 * The last saved export of each connection (migration 6), so the next preview can show what
 * changed. It holds generated files only, which never contain a password.
 */
export class ExportStore {
  private readonly rows: ConnectionJsonStore<LastExport>;

  constructor(db: Database.Database, logger: Logger) {
    this.rows = new ConnectionJsonStore(db, logger, { table: 'exports', at: 'exported_at', doc: 'export', what: 'export' });
  }

  last(connectionId: string): LastExport | null {
    return this.rows.last(connectionId);
  }

  save(connectionId: string, last: LastExport): void {
    this.rows.save(connectionId, last.exportedAt, last);
  }
}
