import type { StateCreator } from 'zustand';
import type { FaultResultDto, LoadRunDto, LoadRunSummaryDto, ScenarioInput } from '@shared/lab-types';
import type { Fault } from '@shared/lab-types';
import type { LoadProgressDto } from '@shared/pool-types';
import { bridge, toApiError, type ApiError } from '../bridge';
import { onLoadProgress } from '../features/pool/live';
import { loadAfterTick } from '../features/pool/load-state';
import { DEFAULT_LAB_FORM, type LabForm } from './lab-form';
import type { StoreState } from './index';

export interface LabSlice {
  labRuns: Record<string, LoadRunSummaryDto[]>;
  /** The lab's last error per connection (a failure on one connection is not shown on another). */
  labErrors: Record<string, ApiError | null>;
  faultResult: Record<string, FaultResultDto | null>;
  /** The fault running per connection, if any. */
  faultBusy: Record<string, string | null>;
  compareIds: string[];
  runDetails: Record<string, LoadRunDto>;
  /**
   * Per connection: the load lab's form, the fault lab's timeout value and the latest load run's
   * progress (live while it runs, its end state after). Kept here, not in the components, so leaving
   * the Pool tab or the connection and coming back finds them as they were. Session only.
   */
  labForms: Record<string, LabForm>;
  faultSeconds: Record<string, number>;
  labLoads: Record<string, LoadProgressDto>;
  setLabForm(id: string, patch: Partial<LabForm>): void;
  setFaultSeconds(id: string, seconds: number): void;
  setLabError(id: string | null, error: ApiError | null): void;
  loadRuns(id: string): Promise<void>;
  startLoad(id: string, scenario: ScenarioInput): Promise<string | null>;
  stopLoad(id: string, runId: string): Promise<void>;
  /** confirmServer: the server name typed to confirm a session fault on a production connection. */
  runFault(id: string, fault: Fault, confirmServer?: string): Promise<void>;
  toggleCompare(runId: string): void;
  loadRunDetail(runId: string): Promise<void>;
  deleteRun(id: string, runId: string): Promise<void>;
}

export const createLabSlice: StateCreator<StoreState, [], [], LabSlice> = (set, get) => {
  onLoadProgress((id, load) => {
    const shown = get().labLoads[id];
    // No run any more: one shown as running ended meanwhile (while nobody watched its last tick).
    const next = load ?? (shown ? loadAfterTick(shown, undefined) : null);
    if (next && next !== shown) set({ labLoads: { ...get().labLoads, [id]: next } });
  });
  return {
    labRuns: {},
    labForms: {},
    faultSeconds: {},
    labLoads: {},
    setLabForm(id, patch) {
      set({ labForms: { ...get().labForms, [id]: { ...(get().labForms[id] ?? DEFAULT_LAB_FORM), ...patch } } });
    },
    setFaultSeconds(id, seconds) {
      set({ faultSeconds: { ...get().faultSeconds, [id]: seconds } });
    },
    labErrors: {},
    faultResult: {},
    faultBusy: {},
    compareIds: [],
    runDetails: {},
    setLabError(id: string | null, error: ApiError | null) {
      if (id) set({ labErrors: { ...get().labErrors, [id]: error } });
    },
    async loadRuns(id) {
      try {
        set({ labRuns: { ...get().labRuns, [id]: await bridge.call('lab.runs', { id }) } });
      } catch (err) {
        get().setLabError(id, toApiError(err));
      }
    },
    async startLoad(id, scenario) {
      get().setLabError(id, null);
      try {
        const { runId } = await bridge.call('lab.start', { id, scenario });
        void get().loadRuns(id);
        return runId;
      } catch (err) {
        const e = toApiError(err);
        if (e.details?.needsPassword) void get().openPoolAsking(id);
        else get().setLabError(id, e);
        return null;
      }
    },
    async stopLoad(id, runId) {
      try {
        await bridge.call('lab.stop', { runId });
      } catch (err) {
        get().setLabError(id, toApiError(err));
      }
    },
    async runFault(id, fault, confirmServer) {
      set({ faultBusy: { ...get().faultBusy, [id]: fault.kind } });
      get().setLabError(id, null);
      try {
        const result = await bridge.call('lab.fault', confirmServer === undefined ? { id, fault } : { id, fault, confirmServer });
        set({ faultResult: { ...get().faultResult, [id]: result } });
      } catch (err) {
        const e = toApiError(err);
        if (e.details?.needsPassword) void get().openPoolAsking(id);
        else get().setLabError(id, e);
      } finally {
        set({ faultBusy: { ...get().faultBusy, [id]: null } });
      }
    },
    toggleCompare(runId) {
      const ids = get().compareIds;
      set({ compareIds: ids.includes(runId) ? ids.filter((x) => x !== runId) : [...ids, runId].slice(-2) });
      void get().loadRunDetail(runId);
    },
    async loadRunDetail(runId) {
      if (get().runDetails[runId]) return;
      try {
        const detail = await bridge.call('lab.run', { runId });
        set({ runDetails: { ...get().runDetails, [runId]: detail } });
      } catch (err) {
        // Compare is offered in the runs table of the connection on screen.
        get().setLabError(get().selectedId, toApiError(err));
      }
    },
    async deleteRun(id, runId) {
      try {
        await bridge.call('lab.deleteRun', { runId });
        set({ compareIds: get().compareIds.filter((x) => x !== runId) });
        await get().loadRuns(id);
      } catch (err) {
        get().setLabError(id, toApiError(err));
      }
    },
  };
};
