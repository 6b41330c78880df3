import type { ConnectSecrets } from '../../drivers/types';
import type { TestProgress, TestReport } from '../../../shared/conn-test';
import type { ProfileData } from '../../../shared/profile';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../../logging/logger';
import { runConnectionTest } from './run';

interface Running {
  controller: AbortController;
  connectionId?: string;
}

/** Tests at once: each holds at most two server sessions for a few seconds. */
const MAX_RUNNING = 4;

/**
 * The connection tests in flight. A new test of the same connection cancels the previous one;
 * a cancel (from the UI, or a client that went away) aborts the test wherever it is.
 */
export class ConnectionTests {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly deps: { logger: Logger; onProgress(p: TestProgress): void; nativeBinding?: string },
  ) {}

  get size(): number {
    return this.running.size;
  }

  async run(input: { testId: string; connectionId?: string; profile: ProfileData; password?: string; secrets?: ConnectSecrets; signal?: AbortSignal }): Promise<TestReport> {
    if (this.running.has(input.testId)) {
      throw new AppError('CONFLICT', `A test with id ${input.testId} is already running.`, 'Use a new test id for each test.');
    }
    if (input.connectionId) {
      for (const [id, r] of this.running) if (r.connectionId === input.connectionId) this.cancel(id);
    }
    if (this.running.size >= MAX_RUNNING) {
      throw new AppError('CONFLICT', `${this.running.size} connection tests are already running.`, 'Wait for one to finish, or cancel one.');
    }
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort();
    input.signal?.addEventListener('abort', onOuterAbort, { once: true });
    this.running.set(input.testId, { controller, ...(input.connectionId ? { connectionId: input.connectionId } : {}) });
    try {
      const report = await runConnectionTest({
        testId: input.testId,
        ...(input.connectionId ? { connectionId: input.connectionId } : {}),
        profile: input.profile,
        ...(input.password !== undefined ? { password: input.password } : {}),
        ...(input.secrets ? { secrets: input.secrets } : {}),
        signal: controller.signal,
        onProgress: (p) => this.deps.onProgress(p),
        ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}),
      });
      this.deps.logger.info('connection test finished', {
        backend: input.profile.backend,
        ok: report.ok,
        ...(report.failure ? { failure: report.failure.kind, stage: report.failure.stage, code: report.failure.code } : {}),
        ms: report.totalMs,
      });
      return report;
    } finally {
      input.signal?.removeEventListener('abort', onOuterAbort);
      this.running.delete(input.testId);
    }
  }

  cancel(testId: string): boolean {
    const r = this.running.get(testId);
    if (!r) return false;
    r.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.controller.abort();
  }
}
