import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { LoadRunDto, LoadRunSummaryDto } from '../../shared/lab-types';

const KEEP_PER_CONNECTION = 50;

/** Finished load runs, kept in the app database so they stay viewable and comparable after a restart. */
export class RunStore {
  constructor(private readonly db: Database.Database) {}

  save(run: LoadRunDto): void {
    const { series, sampleErrors, ...summary } = run;
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO lab_runs (id, connection_id, started_at, summary, detail) VALUES (?, ?, ?, ?, ?)')
        .run(run.runId, run.connectionId, run.startedAt, JSON.stringify(summary), JSON.stringify({ series, sampleErrors }));
      this.db
        .prepare(
          `DELETE FROM lab_runs WHERE connection_id = ? AND id NOT IN (
             SELECT id FROM lab_runs WHERE connection_id = ? ORDER BY started_at DESC LIMIT ?)`,
        )
        .run(run.connectionId, run.connectionId, KEEP_PER_CONNECTION);
    }).immediate();
  }

  list(connectionId: string): LoadRunSummaryDto[] {
    const rows = this.db.prepare('SELECT summary FROM lab_runs WHERE connection_id = ? ORDER BY started_at DESC').all(connectionId) as Array<{ summary: string }>;
    return rows.map((r) => JSON.parse(r.summary) as LoadRunSummaryDto);
  }

  get(runId: string): LoadRunDto {
    const row = this.db.prepare('SELECT summary, detail FROM lab_runs WHERE id = ?').get(runId) as { summary: string; detail: string } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No load run with id ${runId}.`, 'It may have been deleted; refresh the list of runs.');
    return { ...(JSON.parse(row.summary) as LoadRunSummaryDto), ...(JSON.parse(row.detail) as Pick<LoadRunDto, 'series' | 'sampleErrors'>) };
  }

  delete(runId: string): boolean {
    return this.db.prepare('DELETE FROM lab_runs WHERE id = ?').run(runId).changes > 0;
  }
}
