import type { StateCreator } from 'zustand';
import type { FaultResultDto, LoadRunDto, LoadRunSummaryDto, ScenarioInput } from '@shared/lab-types';
import type { Fault } from '@shared/lab-types';
import { bridge, toApiError, type ApiError } from '../bridge';
import type { StoreState } from './index';

export interface LabSlice {
  labRuns: Record<string, LoadRunSummaryDto[]>;
  labError: ApiError | null;
  faultResult: Record<string, FaultResultDto | null>;
  faultBusy: string | null;
  compareIds: string[];
  runDetails: Record<string, LoadRunDto>;
  loadRuns(id: string): Promise<void>;
  startLoad(id: string, scenario: ScenarioInput): Promise<string | null>;
  stopLoad(runId: string): Promise<void>;
  /** confirmServer: the server name typed to confirm a session fault on a production connection. */
  runFault(id: string, fault: Fault, confirmServer?: string): Promise<void>;
  toggleCompare(runId: string): void;
  loadRunDetail(runId: string): Promise<void>;
  deleteRun(id: string, runId: string): Promise<void>;
}

export const createLabSlice: StateCreator<StoreState, [], [], LabSlice> = (set, get) => ({
  labRuns: {},
  labError: null,
  faultResult: {},
  faultBusy: null,
  compareIds: [],
  runDetails: {},
  async loadRuns(id) {
    try {
      set({ labRuns: { ...get().labRuns, [id]: await bridge.call('lab.runs', { id }) } });
    } catch (err) {
      set({ labError: toApiError(err) });
    }
  },
  async startLoad(id, scenario) {
    set({ labError: null });
    try {
      const { runId } = await bridge.call('lab.start', { id, scenario });
      void get().loadRuns(id);
      return runId;
    } catch (err) {
      const e = toApiError(err);
      if (e.details?.needsPassword) void get().openPoolAsking(id);
      else set({ labError: e });
      return null;
    }
  },
  async stopLoad(runId) {
    try {
      await bridge.call('lab.stop', { runId });
    } catch (err) {
      set({ labError: toApiError(err) });
    }
  },
  async runFault(id, fault, confirmServer) {
    set({ faultBusy: fault.kind, labError: null });
    try {
      const result = await bridge.call('lab.fault', confirmServer === undefined ? { id, fault } : { id, fault, confirmServer });
      set({ faultResult: { ...get().faultResult, [id]: result } });
    } catch (err) {
      const e = toApiError(err);
      if (e.details?.needsPassword) void get().openPoolAsking(id);
      else set({ labError: e });
    } finally {
      set({ faultBusy: null });
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
      set({ labError: toApiError(err) });
    }
  },
  async deleteRun(id, runId) {
    try {
      await bridge.call('lab.deleteRun', { runId });
      set({ compareIds: get().compareIds.filter((x) => x !== runId) });
      await get().loadRuns(id);
    } catch (err) {
      set({ labError: toApiError(err) });
    }
  },
});
