import type { StateCreator } from 'zustand';
import type { CheckRun } from '@shared/checks';
import { applyPatch, type ProfilePatch } from '@shared/advice';
import { bridge, toApiError, type ApiError } from '../bridge';
import type { StoreState } from './index';
import { SSH_SECRET_ATTEMPTS, sshSecretNeedOf } from './ssh-secret-slice';

/** How often checks re-run on their own while a connection stays selected. */
export const RERUN_MS = 5 * 60_000;

export interface ChecksEntry {
  run: CheckRun | null;
  /** A run (or re-evaluation) is in progress. */
  busy: 'run' | 'evaluate' | 'apply' | null;
  error: ApiError | null;
  /** checks.last has been asked once for this connection. */
  loaded: boolean;
  /** When this session last ran the checks for this connection (ms since epoch); drives the schedule. */
  ranThisSession: number | null;
}

/** The sizing calculator's inputs as typed (strings: a half-typed number stays as it is). */
export interface SizingInputs {
  mode: 'concurrency' | 'rate';
  processes: string;
  concurrency: string;
  rps: string;
  holdMs: string;
  /** The profile's updatedAt when typed: a saved change to the profile starts over from its values. */
  at: string;
}

export interface ChecksSlice {
  checks: Record<string, ChecksEntry>;
  /** Per connection, only what was typed; the rest comes from the profile. Outlives the Checks tab. */
  sizingInputs: Record<string, Partial<SizingInputs>>;
  /** The "Hide passing checks" switch, per connection. */
  checksHidePassing: Record<string, boolean>;
  setSizingInput(id: string, patch: Partial<SizingInputs>): void;
  setChecksHidePassing(id: string, hide: boolean): void;
  /** checks.last once per connection; `force` fetches again (another window finished a run). */
  loadLastRun(id: string, opts?: { force?: boolean }): Promise<void>;
  runChecks(id: string, opts?: { password?: string; attempt?: number }): Promise<void>;
  /** A run a person asked for: a connection that asks for its password gets the prompt first (Cancel runs nothing). */
  startChecks(id: string, asksPassword: boolean): Promise<void>;
  reevaluate(id: string): Promise<void>;
  /** Saves the patch into the profile through connections.update, then re-evaluates against the measured facts. */
  applyFix(id: string, patch: ProfilePatch, what: string): Promise<boolean>;
}

const EMPTY: ChecksEntry = { run: null, busy: null, error: null, loaded: false, ranThisSession: null };

export const createChecksSlice: StateCreator<StoreState, [], [], ChecksSlice> = (set, get) => {
  const entry = (id: string): ChecksEntry => get().checks[id] ?? EMPTY;
  const patchEntry = (id: string, p: Partial<ChecksEntry>) => set({ checks: { ...get().checks, [id]: { ...entry(id), ...p } } });

  return {
    checks: {},
    sizingInputs: {},
    checksHidePassing: {},
    setSizingInput(id, patch) {
      set({ sizingInputs: { ...get().sizingInputs, [id]: { ...get().sizingInputs[id], ...patch } } });
    },
    setChecksHidePassing(id, hide) {
      set({ checksHidePassing: { ...get().checksHidePassing, [id]: hide } });
    },
    async loadLastRun(id, opts = {}) {
      if (entry(id).loaded && !opts.force) return;
      patchEntry(id, { loaded: true });
      try {
        const run = await bridge.call('checks.last', { id });
        // A run that finished meanwhile is newer than the stored one.
        if (!entry(id).run || (run && run.ranAt > entry(id).run!.ranAt)) patchEntry(id, { run });
      } catch (err) {
        patchEntry(id, { error: toApiError(err) });
      }
    },
    async runChecks(id, opts = {}) {
      if (entry(id).busy) return;
      patchEntry(id, { busy: 'run', error: null });
      try {
        const run = await bridge.call('checks.run', { id, ...(opts.password !== undefined ? { password: opts.password } : {}) });
        patchEntry(id, { run, busy: null, ranThisSession: Date.now() });
      } catch (err) {
        const e = toApiError(err);
        patchEntry(id, { busy: null, error: e, ranThisSession: Date.now() });
        const need = sshSecretNeedOf(e.details);
        const attempt = opts.attempt ?? 0;
        if (need && attempt < SSH_SECRET_ATTEMPTS && (await get().provideSshSecret({ connectionId: id, action: 'checks', need }))) {
          await get().runChecks(id, { ...opts, attempt: attempt + 1 });
        }
      }
    },
    async startChecks(id, asksPassword) {
      if (!asksPassword) return get().runChecks(id);
      if (entry(id).busy) return;
      const password = await get().requestPassword(id, 'checks');
      if (password !== null) await get().runChecks(id, { password });
    },
    async reevaluate(id) {
      if (entry(id).busy || !entry(id).run) return;
      patchEntry(id, { busy: 'evaluate' });
      try {
        const run = await bridge.call('checks.evaluate', { id });
        patchEntry(id, { busy: null, ...(run ? { run } : {}) });
      } catch (err) {
        patchEntry(id, { busy: null, error: toApiError(err) });
      }
    },
    async applyFix(id, patch, what) {
      if (entry(id).busy) return false;
      patchEntry(id, { busy: 'apply', error: null });
      try {
        const saved = await bridge.call('connections.get', { id });
        const { id: _id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
        await bridge.call('connections.update', { id, profile: applyPatch(profile, patch) });
        const run = await bridge.call('checks.evaluate', { id });
        patchEntry(id, { busy: null, ...(run ? { run } : {}) });
        get().toast('success', `Applied: ${what}. Saved to the connection's settings.`);
        void get().refreshSelected();
        return true;
      } catch (err) {
        const e = toApiError(err);
        patchEntry(id, { busy: null, error: e });
        get().toast('error', `Could not apply the fix: ${e.message}`);
        return false;
      }
    },
  };
};
