import { wireFor } from '../drivers/wire';
import { defaultDriver } from '../../shared/profile';
import { AppError } from '../../shared/errors';
import { faultNeedsConfirmation, faultServerName, type Fault, type FaultResultDto, type LoadRunDto, type LoadRunSummaryDto, type Scenario } from '../../shared/lab-types';
import type { EventBus } from '../events/bus';
import type { Logger } from '../logging/logger';
import type { PoolRegistry } from '../pools/registry';
import { injectFault } from './faults';
import { LoadRun } from './load-run';
import type { RunStore } from './run-store';

/** The load and fault lab: at most one load run per pool; finished runs are kept for comparison. */
export class Lab {
  private readonly active = new Map<string, LoadRun>();

  constructor(
    private readonly registry: PoolRegistry,
    private readonly store: RunStore,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async start(connectionId: string, scenario: Scenario): Promise<{ runId: string }> {
    await this.registry.open(connectionId);
    const entry = this.registry.get(connectionId);
    if (!entry) throw new AppError('POOL_ERROR', 'The pool closed before the run could start.', 'Open the pool again and retry.');
    if (entry.load && (entry.load as LoadRun).running) {
      throw new AppError('CONFLICT', 'A load run is already running on this pool.', 'Stop it first, or wait for it to finish.');
    }
    // The pool's connections read these on every statement: the run speaks as the driver would.
    Object.assign(entry.wire, wireFor(entry.profile.service.driver ?? defaultDriver(entry.profile.backend), entry.profile.options.params, scenario.driverRecipe));
    const run = new LoadRun(entry, scenario, (result) => this.finished(run, result));
    entry.load = run;
    this.active.set(run.runId, run);
    run.start();
    this.logger.info('load run started', { connectionId, runId: run.runId, concurrency: scenario.concurrency, durationSec: scenario.durationSec });
    return { runId: run.runId };
  }

  private finished(run: LoadRun, result: LoadRunDto): void {
    this.active.delete(run.runId);
    const entry = this.registry.get(run.connectionId);
    if (entry?.load === run) entry.load = null;
    try {
      this.store.save(result);
    } catch (err) {
      // The connection may have been deleted meanwhile (its runs go with it).
      this.logger.warn('load run not saved', { runId: run.runId, error: err as Error });
    }
    this.bus.emit('lab.finished', { runId: run.runId, connectionId: run.connectionId, state: result.state, progress: run.progress(false) });
    this.logger.info('load run finished', { runId: run.runId, state: result.state, completed: result.completed, errors: result.errors });
  }

  stop(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.stop();
    return true;
  }

  /** Stops every run (app quit) and waits until their connections are back. */
  async stopAll(): Promise<void> {
    for (const run of this.active.values()) run.stop('Poolscope is closing');
    await this.settle();
  }

  /** Resolves when every active run has returned its connections (used at shutdown and in tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.active.values()].map((r) => r.done()));
  }

  list(connectionId: string): LoadRunSummaryDto[] {
    const live = [...this.active.values()].filter((r) => r.connectionId === connectionId).map((r) => stripDetail(r.result()));
    return [...live, ...this.store.list(connectionId)];
  }

  get(runId: string): LoadRunDto {
    return this.active.get(runId)?.result() ?? this.store.get(runId);
  }

  delete(runId: string): boolean {
    if (this.active.has(runId)) throw new AppError('CONFLICT', 'This run is still running.', 'Stop it before deleting it.');
    return this.store.delete(runId);
  }

  async fault(connectionId: string, fault: Fault, confirmServer?: string): Promise<FaultResultDto> {
    await this.registry.open(connectionId);
    const entry = this.registry.get(connectionId);
    if (!entry) throw new AppError('POOL_ERROR', 'The pool is not open.', 'Open the pool and retry.');
    if (faultNeedsConfirmation(entry.profile, fault, confirmServer)) {
      const server = faultServerName(entry.profile);
      throw new AppError(
        'FORBIDDEN',
        `"${entry.profile.name}" is a production connection: this fault would ${fault.kind === 'kill-idle' ? 'kill' : 'change the idle timeout of'} its pool's idle sessions on ${server}.`,
        `To go ahead, confirm by typing the server name: ${server}.`,
        { confirmServer: server },
      );
    }
    const result = await injectFault(entry, fault);
    this.logger.info('fault injected', { connectionId, kind: fault.kind });
    return result;
  }
}

function stripDetail(run: LoadRunDto): LoadRunSummaryDto {
  const { series: _s, sampleErrors: _e, ...summary } = run;
  return summary;
}
