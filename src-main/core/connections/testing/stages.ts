import { STAGE_LABELS, type StageId, type StageResult, type StageStatus } from '../../../shared/conn-test';
import { TestCancelled } from './abort';

/** What a stage's work returns: its value, plus a few words for the UI and an optional warning status. */
export interface StageOutcome<T> {
  value: T;
  detail?: string;
  status?: 'ok' | 'warn';
}

/** A failure inside a stage, with the stage it happened in, for classification. */
export class StageError extends Error {
  constructor(
    readonly stage: StageId,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StageError';
  }
}

/**
 * Runs the stages of one test in order, timing each and pushing every change (running, done,
 * failed) to the listener, so the UI shows progress as it happens rather than at the end.
 */
export class StageTracker {
  readonly stages: StageResult[];

  constructor(
    ids: readonly StageId[],
    private readonly emit: (stage: StageResult) => void,
  ) {
    this.stages = ids.map((id) => ({ id, label: STAGE_LABELS[id], status: 'pending' as StageStatus }));
  }

  private update(id: StageId, patch: Partial<StageResult>): void {
    const i = this.stages.findIndex((s) => s.id === id);
    if (i === -1) return;
    const next = { ...this.stages[i]!, ...patch };
    this.stages[i] = next;
    this.emit(next);
  }

  async run<T>(id: StageId, work: () => Promise<StageOutcome<T>>): Promise<T> {
    this.update(id, { status: 'running' });
    const started = performance.now();
    try {
      const out = await work();
      this.update(id, { status: out.status ?? 'ok', ms: elapsed(started), ...(out.detail ? { detail: out.detail } : {}) });
      return out.value;
    } catch (err) {
      const cancelled = err instanceof TestCancelled;
      this.update(id, { status: cancelled ? 'cancelled' : 'failed', ms: elapsed(started) });
      throw err instanceof StageError ? err : new StageError(id, err);
    }
  }

  /** Adds a note to a finished stage (facts learned later, such as the server's own view of TLS). */
  annotate(id: StageId, detail: string, status?: StageStatus): void {
    this.update(id, { detail, ...(status ? { status } : {}) });
  }

  /** Stages that never started after a failure or a cancel. */
  skipRemaining(): void {
    for (const s of this.stages) if (s.status === 'pending' || s.status === 'running') this.update(s.id, { status: 'skipped' });
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
