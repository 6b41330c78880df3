import type Database from 'better-sqlite3';
import type { CheckRun } from '../../shared/checks';
import type { Logger } from '../logging/logger';
import { ConnectionJsonStore } from '../db/connection-json-store';

/**
 * The last check run of each saved connection (migration 4), so the next run can say what changed
 * and the UI can show results at once. A damaged row only costs the "changed since" marks.
 */
export class CheckRunStore {
  private readonly rows: ConnectionJsonStore<CheckRun>;

  constructor(db: Database.Database, logger: Logger) {
    this.rows = new ConnectionJsonStore(db, logger, { table: 'check_runs', at: 'ran_at', doc: 'run', what: 'check run' });
  }

  last(connectionId: string): CheckRun | null {
    return this.rows.last(connectionId);
  }

  save(connectionId: string, run: CheckRun): void {
    this.rows.save(connectionId, run.ranAt, run);
  }
}
