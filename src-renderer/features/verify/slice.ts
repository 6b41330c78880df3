import type { StateCreator } from 'zustand';
import type { ScenarioInput } from '@shared/lab-types';
import type { InterpreterListDto, VerifyRunDto, VerifySource } from '@shared/verify-types';
import { bridge, toApiError, type ApiError } from '../../bridge';
import type { StoreState } from '../../store';

export interface VerifySlice {
  /** The newest run on real SQLAlchemy per connection and source ("<id>:<source>"). */
  verifyRuns: Record<string, VerifyRunDto>;
  verifyErrors: Record<string, ApiError | null>;
  interpreters: Record<string, InterpreterListDto | 'loading'>;
  loadInterpreters(id: string, refresh?: boolean): Promise<void>;
  chooseInterpreter(id: string, path: string | null): Promise<void>;
  startVerify(id: string, source: VerifySource, scenario: ScenarioInput, python?: string): Promise<void>;
  stopVerify(verifyId: string): Promise<void>;
  onVerify(dto: VerifyRunDto): void;
}

export const verifyKey = (id: string, source: VerifySource) => `${id}:${source}`;

export const createVerifySlice: StateCreator<StoreState, [], [], VerifySlice> = (set, get) => ({
  verifyRuns: {},
  verifyErrors: {},
  interpreters: {},
  async loadInterpreters(id, refresh = false) {
    set({ interpreters: { ...get().interpreters, [id]: 'loading' } });
    try {
      const list = await bridge.call('verify.interpreters', { id, refresh });
      set({ interpreters: { ...get().interpreters, [id]: list } });
    } catch (err) {
      const { [id]: _drop, ...rest } = get().interpreters;
      set({ interpreters: rest, verifyErrors: { ...get().verifyErrors, [id]: toApiError(err) } });
    }
  },
  async chooseInterpreter(id, path) {
    set({ verifyErrors: { ...get().verifyErrors, [id]: null } });
    try {
      const list = await bridge.call('verify.choose', { id, path });
      set({ interpreters: { ...get().interpreters, [id]: list } });
    } catch (err) {
      set({ verifyErrors: { ...get().verifyErrors, [id]: toApiError(err) } });
    }
  },
  async startVerify(id, source, scenario, python) {
    set({ verifyErrors: { ...get().verifyErrors, [id]: null } });
    try {
      const { verifyId } = await bridge.call('verify.start', { id, source, scenario, ...(python ? { python } : {}) });
      const dto = await bridge.call('verify.get', { verifyId });
      // An event may already have brought a newer state.
      const cur = get().verifyRuns[verifyKey(id, source)];
      if (!cur || cur.verifyId !== verifyId) set({ verifyRuns: { ...get().verifyRuns, [verifyKey(id, source)]: dto } });
    } catch (err) {
      set({ verifyErrors: { ...get().verifyErrors, [id]: toApiError(err) } });
    }
  },
  async stopVerify(verifyId) {
    try {
      await bridge.call('verify.stop', { verifyId });
    } catch (err) {
      const run = Object.values(get().verifyRuns).find((r) => r.verifyId === verifyId);
      if (run?.connectionId) set({ verifyErrors: { ...get().verifyErrors, [run.connectionId]: toApiError(err) } });
    }
  },
  onVerify(dto) {
    if (!dto.connectionId) return;
    const key = verifyKey(dto.connectionId, dto.source);
    const cur = get().verifyRuns[key];
    // A late progress message never overwrites the finished run.
    if (cur && cur.verifyId === dto.verifyId && cur.phase === 'finished' && dto.phase !== 'finished') return;
    set({ verifyRuns: { ...get().verifyRuns, [key]: dto } });
  },
});
