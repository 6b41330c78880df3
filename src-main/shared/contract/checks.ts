import { z } from 'zod';
import { method, event } from './define';
import type { CheckRun, SeverityCounts } from '../checks';

const id = z.string().min(1).max(64);

export const checksMethods = {
  'checks.run': method(
    z.strictObject({
      id,
      /** For connections that ask for their password: used for this run only, never stored. */
      password: z.string().max(4096).optional(),
    }),
    'Connect to the server, collect its facts, run every check against the saved pool settings and driver, and store the run.',
  ).returns<CheckRun>(),
  'checks.evaluate': method(
    z.strictObject({ id }),
    'Re-run the checks against the last measured facts and the current saved settings, without connecting (after applying a fix).',
  ).returns<CheckRun | null>(),
  'checks.last': method(z.strictObject({ id }), 'The last stored check run of a connection, or null.').returns<CheckRun | null>(),
};

export const checksEvents = {
  'checks.completed': event<{ id: string; ranAt: string; counts: SeverityCounts }>('A check run for a saved connection finished and was stored.'),
};
