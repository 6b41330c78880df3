import { countSeverities, type CheckRun } from '../../shared/checks';
import { AppError } from '../../shared/errors';
import type { ServerFacts } from '../../shared/facts';
import type { ProfileData } from '../../shared/profile';
import type { Core } from '../core';
import { perCore } from '../per-core';
import { redactor } from '../logging/redact';
import { diffChecks, evaluateChecks } from './evaluate';
import { collectFacts } from './facts';
import { CheckRunStore } from './run-store';
import { savedConnectSecrets } from '../connections/connect-secrets';
import type { ConnectSecrets } from '../drivers/types';

export interface RunInput {
  profile: ProfileData;
  password?: string;
  /** A URL's own secret parameters (the command line); a saved connection's come from the store. */
  secrets?: ConnectSecrets;
  label: string;
}

/**
 * Runs checks for saved connections: stored, with what changed since the last run. One run per
 * connection at a time: a scheduled run and a click that arrive together share the same work.
 */
export class ChecksService {
  private readonly store: CheckRunStore;
  private readonly inFlight = new Map<string, Promise<CheckRun>>();

  constructor(private readonly core: Core) {
    this.store = new CheckRunStore(core.db, core.logger);
  }

  runSaved(id: string, password?: string): Promise<CheckRun> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const work = this.runSavedNow(id, password).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  /** The checks again against the last measured facts and the profile as saved now (after "apply fix"). */
  evaluateSaved(id: string): CheckRun | null {
    const saved = this.core.connections.get(id);
    const previous = this.store.last(id);
    if (!previous) return null;
    const run = this.build(profileOf(saved), previous.facts, saved.name, Date.now(), true, previous);
    this.store.save(id, run);
    this.announce(id, run);
    return run;
  }

  last(id: string): CheckRun | null {
    this.core.connections.get(id);
    return this.store.last(id);
  }

  private async runSavedNow(id: string, password?: string): Promise<CheckRun> {
    const saved = this.core.connections.get(id);
    let secret: string | undefined;
    if (saved.passwordMode === 'saved') secret = this.core.connections.password(id);
    else if (saved.passwordMode === 'ask') {
      if (password === undefined) {
        throw new AppError('SECRET_UNAVAILABLE', `"${saved.name}" asks for its password on every connect.`, 'Enter the password to run the checks; it is used for this run only.', { field: 'password' });
      }
      secret = password;
    }
    const started = Date.now();
    const profile = profileOf(saved);
    if (secret) redactor.remember(secret);
    const facts = await collectFacts({ profile, password: secret, secrets: savedConnectSecrets(this.core.connections, saved), nativeBinding: this.core.options.nativeBinding });
    const run = this.build(profile, facts, saved.name, started, false, this.store.last(id), id);
    // The connection may have been deleted while its server was being read.
    try {
      this.store.save(id, run);
    } catch (err) {
      this.core.logger.warn('check run not stored', { id, error: err as Error });
    }
    this.announce(id, run);
    this.core.logger.info('checks ran', { id, ms: run.durationMs, ...run.counts });
    return run;
  }

  private build(profile: ProfileData, facts: ServerFacts, label: string, started: number, reevaluated: boolean, previous: CheckRun | null, id?: string): CheckRun {
    const { checks, advice } = evaluateChecks(profile, facts);
    const connectionId = id ?? previous?.connectionId;
    return {
      ...(connectionId ? { connectionId } : {}),
      label,
      ranAt: new Date().toISOString(),
      durationMs: Date.now() - started,
      reevaluated,
      facts,
      checks,
      advice,
      counts: countSeverities(checks),
      changes: diffChecks(previous?.checks ?? null, checks),
      ...(previous ? { previousRanAt: previous.ranAt } : {}),
    };
  }

  private announce(id: string, run: CheckRun): void {
    this.core.bus.emit('checks.completed', { id, ranAt: run.ranAt, counts: run.counts });
  }
}

/** Connects, measures and evaluates a profile that is not saved (the command line with a URL); nothing is stored. */
export async function runChecksOnce(input: RunInput & { nativeBinding?: string }): Promise<CheckRun> {
  const started = Date.now();
  if (input.password) redactor.remember(input.password);
  const facts = await collectFacts({ profile: input.profile, password: input.password, ...(input.secrets ? { secrets: input.secrets } : {}), nativeBinding: input.nativeBinding });
  const { checks, advice } = evaluateChecks(input.profile, facts);
  return { label: input.label, ranAt: new Date().toISOString(), durationMs: Date.now() - started, reevaluated: false, facts, checks, advice, counts: countSeverities(checks), changes: [] };
}

/** The profile fields of a saved connection, without its id and bookkeeping. */
export function profileOf(saved: ReturnType<Core['connections']['get']>): ProfileData {
  const { id: _id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
  return profile;
}

/** One service per core, so runs in flight are shared between transports. */
export const checksService = perCore((core) => new ChecksService(core));
