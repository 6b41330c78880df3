import type { LoadProgressDto } from '@shared/pool-types';

/**
 * The load progress to show after a tick. A tick without progress means the run ended since the
 * last one: a run last seen stopping ended stopped, one last seen running ended done (lab.finished
 * then gives the exact state). Never leaves a run shown as stopping once the server dropped it.
 */
export function loadAfterTick(previous: LoadProgressDto | null, fromTick: LoadProgressDto | undefined): LoadProgressDto | null {
  if (fromTick) return fromTick;
  if (!previous) return null;
  if (previous.state === 'stopping') return { ...previous, state: 'stopped', activeWorkers: 0 };
  if (previous.state === 'running') return { ...previous, state: 'done', activeWorkers: 0 };
  return previous;
}

/**
 * The progress once lab.finished says how the run ended (only for the run shown): its final
 * progress when it carries one (the whole run: a finished 2 s run shows 2 s, not its last tick's 1.8).
 */
export function loadAfterFinish(
  previous: LoadProgressDto | null,
  finished: { runId: string; state: LoadProgressDto['state']; progress?: LoadProgressDto },
): LoadProgressDto | null {
  if (!previous || previous.runId !== finished.runId) return previous;
  if (finished.progress && finished.progress.runId === finished.runId) return { ...finished.progress, state: finished.state, activeWorkers: 0 };
  if (previous.state === finished.state) return previous;
  return { ...previous, state: finished.state, activeWorkers: 0 };
}
