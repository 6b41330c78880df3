import type Database from 'better-sqlite3';
import { lazyPackage } from '../lazy-require';
import { STAGE_LABELS, type LastTest, type TestReport } from '../../shared/conn-test';
import type { ProfileData } from '../../shared/profile';
import type { Logger } from '../logging/logger';
import { redactor } from '../logging/redact';

// Loaded when a stored test is read or written, not for a list without any (see secrets.ts).
const crypto = lazyPackage<typeof import('node:crypto')>('node:crypto');

/** What is stored for a test (migration 9); `stale` is worked out when read. */
type StoredTest = Omit<LastTest, 'stale'>;

/**
 * Where a profile connects, as a hash: backend, host, port, socket, database, user and the SSH hops.
 * A stored result whose hash differs from the profile's current one is stale.
 */
export function targetKey(p: Pick<ProfileData, 'backend' | 'host' | 'port' | 'socket' | 'database' | 'user' | 'ssh'>): string {
  const where = [p.backend, p.host ?? null, p.port ?? null, p.socket ?? null, p.database, p.user ?? null, p.ssh?.hops ?? null];
  return crypto().createHash('sha256').update(JSON.stringify(where)).digest('hex');
}

/**
 * The last finished test of each saved connection. Rows go with the connection (foreign key).
 * Kept: the outcome, the time, the failed stage and the failure's title (scrubbed again by the
 * redactor); never the driver's message or the hint, which may quote what the user typed.
 */
export class LastTestStore {
  constructor(
    private readonly db: Database.Database,
    private readonly logger: Logger,
  ) {}

  /** Stores a finished test of the saved profile `profile`; a cancelled test keeps the previous result. */
  record(connectionId: string, profile: ProfileData, report: TestReport): boolean {
    if (report.cancelled) return false;
    const stored: StoredTest = {
      ok: report.ok,
      at: report.startedAt,
      totalMs: report.totalMs,
      ...(!report.ok && report.failure
        ? {
            failure: {
              stage: report.failure.stage,
              stageLabel: STAGE_LABELS[report.failure.stage],
              kind: report.failure.kind,
              title: redactor.scrub(report.failure.title),
            },
          }
        : {}),
    };
    const info = this.db
      .prepare(
        `INSERT INTO test_results (connection_id, tested_at, target, result) SELECT id, ?, ?, ? FROM connections WHERE id = ?
         ON CONFLICT(connection_id) DO UPDATE SET tested_at = excluded.tested_at, target = excluded.target, result = excluded.result`,
      )
      .run(stored.at, targetKey(profile), JSON.stringify(stored), connectionId);
    return info.changes > 0;
  }

  /** Every stored result, keyed by connection id, each with its target hash. */
  all(): Map<string, { target: string; test: StoredTest }> {
    const out = new Map<string, { target: string; test: StoredTest }>();
    const rows = this.db.prepare('SELECT connection_id, target, result FROM test_results').all() as Array<{ connection_id: string; target: string; result: string }>;
    for (const r of rows) {
      try {
        out.set(r.connection_id, { target: r.target, test: JSON.parse(r.result) as StoredTest });
      } catch (err) {
        this.logger.warn('stored connection test could not be read', { connectionId: r.connection_id, error: err as Error });
      }
    }
    return out;
  }

  /** The last result of one connection as it reads now (stale if the profile moved since). */
  last(connectionId: string, profile: ProfileData): LastTest | null {
    const row = this.db.prepare('SELECT target, result FROM test_results WHERE connection_id = ?').get(connectionId) as { target: string; result: string } | undefined;
    if (!row) return null;
    try {
      return withStale({ target: row.target, test: JSON.parse(row.result) as StoredTest }, profile);
    } catch (err) {
      this.logger.warn('stored connection test could not be read', { connectionId, error: err as Error });
      return null;
    }
  }
}

export function withStale(row: { target: string; test: StoredTest }, profile: ProfileData): LastTest {
  return { ...row.test, stale: row.target !== targetKey(profile) };
}
