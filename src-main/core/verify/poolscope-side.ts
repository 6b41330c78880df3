import type { Scenario } from '../../shared/lab-types';
import { defaultDriver, type ProfileData } from '../../shared/profile';
import type { VerifySideDto } from '../../shared/verify-types';
import { driverFor } from '../drivers';
import { wireFor } from '../drivers/wire';
import type { ConnectSecrets } from '../drivers/types';
import { LoadRun } from '../lab/load-run';
import { systemClock } from '../pools/clock';
import { createPool, effectivePoolClass, poolOptions } from '../pools/factory';
import { NO_INSTRUMENT } from '../pools/instrument';

export interface PoolscopeSideRun {
  done: Promise<VerifySideDto>;
  stop(): void;
  progress(): Pick<VerifySideDto, 'checkouts' | 'completed' | 'errors' | 'errorsByKind' | 'elapsedSec'>;
}

/**
 * Poolscope's side of the comparison: the load lab's run (LoadRun) on a pool of its own, built from
 * the same settings as the Python engine, not the connection's live pool (which the Pool tab may be
 * using). It speaks on the wire as the profile's Python driver does.
 */
export function runPoolscopeSide(profile: ProfileData, password: string | undefined, secrets: ConnectSecrets, scenario: Scenario, nativeBinding?: string): PoolscopeSideRun {
  const driver = driverFor(profile.backend);
  const wire = wireFor(profile.service.driver ?? defaultDriver(profile.backend), profile.options.params, scenario.driverRecipe);
  const pool = createPool(effectivePoolClass(profile), poolOptions(profile), {
    clock: systemClock,
    instrument: NO_INSTRUMENT,
    isDisconnect: (err) => driver.isDisconnect(err),
    creator: () => driver.connect({ profile, password, ...secrets, applicationName: 'poolscope-verify', ...(nativeBinding ? { nativeBinding } : {}), pythonTransactions: true, wire }),
  });
  let run: LoadRun | null = null;
  let stopped = false;
  const done = (async (): Promise<VerifySideDto> => {
    // The Python runner imported its driver before its run began; load Poolscope's (pg, mysql2 are
    // loaded on first use) the same way, so the first checkout's wait is not module loading. The
    // session is opened outside the pool and closed at once; a failure here shows in the run itself.
    await driver
      .connect({ profile, password, ...secrets, applicationName: 'poolscope-verify', ...(nativeBinding ? { nativeBinding } : {}), pythonTransactions: true, wire })
      .then((c) => c.close())
      .catch(() => undefined);
    const started = Date.now();
    return new Promise<VerifySideDto>((resolveDone) => {
      const r: LoadRun = new LoadRun({ connectionId: 'verify', pool, profile, wire }, scenario, (result) => {
        void (async () => {
          await pool.terminate().catch(() => undefined);
          const { checkouts, wait } = r.checkoutStats();
          resolveDone({
            state: result.state === 'stopped' ? 'stopped' : 'done',
            poolClass: pool.className,
            elapsedSec: (Date.now() - started) / 1000,
            checkouts,
            completed: result.completed,
            errors: result.errors,
            errorsByKind: result.errorsByKind,
            wait: { count: wait.count, p50: wait.p50, p99: wait.p99, max: wait.max },
            peakCheckedOut: result.peakCheckedOut,
            peakWaiting: result.peakWaiting,
            samples: result.sampleErrors.map((x) => ({ kind: x.kind, cls: x.kind === 'pool timeout' ? 'TimeoutError' : x.kind, message: x.message.split(' (Background on this error')[0]!, count: x.count })),
          });
        })();
      });
      run = r;
      r.start();
      if (stopped) r.stop();
    });
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      (run as LoadRun | null)?.stop();
    },
    progress: () => {
      const r = run as LoadRun | null;
      if (!r) return { checkouts: 0, completed: 0, errors: 0, errorsByKind: {}, elapsedSec: 0 };
      const p = r.progress(false);
      return { checkouts: r.checkoutStats().checkouts, completed: p.completed, errors: Object.values(p.errorsByKind).reduce((a, b) => a + b, 0), errorsByKind: p.errorsByKind, elapsedSec: p.elapsedSec };
    },
  };
}

