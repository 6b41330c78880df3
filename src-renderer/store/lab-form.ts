import type { ScenarioInput } from '@shared/lab-types';

export type QueryKind = 'select1' | 'sleep' | 'custom';

/** What a person typed into the load lab, kept per connection in the store (it outlives the Pool tab). */
export interface LabForm {
  concurrency: number;
  durationSec: number;
  rampSec: number;
  holdMs: number;
  thinkMs: number;
  kind: QueryKind;
  seconds: number;
  sql: string;
  transaction: boolean;
  driverRecipe: boolean;
  commit: boolean;
}

export const DEFAULT_LAB_FORM: Readonly<LabForm> = Object.freeze({ concurrency: 8, durationSec: 15, rampSec: 0, holdMs: 0, thinkMs: 0, kind: 'select1', seconds: 0.05, sql: '', transaction: false, driverRecipe: false, commit: false });

/** The fault lab's idle-timeout value before anyone changes it. */
export const DEFAULT_FAULT_SECONDS = 3;

/** The scenario the form describes (the ramp never longer than the run). */
export function scenarioOf(form: LabForm): ScenarioInput {
  return {
    concurrency: form.concurrency,
    durationSec: form.durationSec,
    rampSec: Math.min(form.rampSec, form.durationSec),
    holdMs: form.holdMs,
    thinkMs: form.thinkMs,
    transaction: form.transaction,
    driverRecipe: form.driverRecipe,
    commit: form.commit,
    query: form.kind === 'select1' ? { kind: 'select1' } : form.kind === 'sleep' ? { kind: 'sleep', seconds: form.seconds } : { kind: 'custom', sql: form.sql },
  };
}
