import type Database from 'better-sqlite3';
import type { CheckRun } from '../../shared/checks';
import type { Logger } from '../logging/logger';

/**
 * The last check run of each saved connection (migration 4), so the next run can say what changed
 * and the UI can show results at once. Deleting the connection deletes its run (foreign key).
 */
export class CheckRunStore {
  constructor(
    private readonly db: Database.Database,
    private readonly logger: Logger,
  ) {}

  last(connectionId: string): CheckRun | null {
    const row = this.db.prepare('SELECT run FROM check_runs WHERE connection_id = ?').get(connectionId) as { run: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.run) as CheckRun;
    } catch (err) {
      // A damaged row only costs the "changed since" marks; the next run replaces it.
      this.logger.warn('stored check run could not be read', { connectionId, error: err as Error });
      return null;
    }
  }

  save(connectionId: string, run: CheckRun): void {
    this.db
      .prepare('INSERT INTO check_runs (connection_id, ran_at, run) VALUES (?, ?, ?) ON CONFLICT(connection_id) DO UPDATE SET ran_at = excluded.ran_at, run = excluded.run')
      .run(connectionId, run.ranAt, JSON.stringify(run));
  }
}
