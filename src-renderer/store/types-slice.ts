import type { StateCreator } from 'zustand';
import type { ModelVariant, Target, TypesProgress, TypesReport, VerdictLevel } from '@shared/typemap-model';
import { bridge, toApiError, type ApiError } from '../bridge';
import type { StoreState } from './index';

export interface TypesEntry {
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
  report: TypesReport | null;
  error: ApiError | null;
  progress: TypesProgress | null;
  jobId: string | null;
  schemas: string[] | null;
  schemasError: ApiError | null;
  schema: string | null;
}

export interface TypesFilter {
  search: string;
  verdict: 'all' | VerdictLevel;
  /** Which target's verdict the verdict filter looks at; 'any' = the worst over all three. */
  target: 'any' | Target;
  table: string | null;
}

/** What a user chose in the Types section, kept per connection across section switches. */
export interface TypesView {
  filter: TypesFilter;
  /** Index of the selected column in the report, or null. */
  selected: number | null;
  modelVariant: ModelVariant;
  modelScope: 'all' | 'table';
}

export const DEFAULT_TYPES_VIEW: TypesView = {
  filter: { search: '', verdict: 'all', target: 'any', table: null },
  selected: null,
  modelVariant: 'portable',
  // With a table filter set, the models dialog starts on that table (as it always did).
  modelScope: 'table',
};

/** The Types choices of the connection on screen. */
export const typesViewOf = (s: Pick<StoreState, 'typesViews' | 'selectedId'>): TypesView => (s.selectedId ? s.typesViews[s.selectedId] : undefined) ?? DEFAULT_TYPES_VIEW;

export interface TypesSlice {
  types: Record<string, TypesEntry>;
  typesViews: Record<string, TypesView>;
  /** Changes the shown connection's Types choices; a filter change clears the selected row. */
  setTypesView(patch: Partial<Omit<TypesView, 'filter'>> & { filter?: Partial<TypesFilter> }): void;
  loadTypeSchemas(id: string): Promise<void>;
  runTypes(id: string, schema?: string | null): Promise<void>;
  cancelTypes(id: string): Promise<void>;
  onTypesProgress(p: TypesProgress): void;
  exportModels(reportId: string, tables: string[], variant: ModelVariant): Promise<string>;
}

const EMPTY: TypesEntry = { status: 'idle', report: null, error: null, progress: null, jobId: null, schemas: null, schemasError: null, schema: null };
let jobSeq = 0;

export const createTypesSlice: StateCreator<StoreState, [], [], TypesSlice> = (set, get) => {
  const patch = (id: string, p: Partial<TypesEntry>) => set({ types: { ...get().types, [id]: { ...(get().types[id] ?? EMPTY), ...p } } });
  return {
    types: {},
    typesViews: {},
    async loadTypeSchemas(id) {
      try {
        const { schemas, current } = await bridge.call('types.schemas', { id });
        const entry = get().types[id];
        patch(id, { schemas, schemasError: null, schema: entry?.schema ?? current ?? schemas[0] ?? null });
      } catch (err) {
        patch(id, { schemasError: toApiError(err) });
      }
    },
    async runTypes(id, schema) {
      const jobId = `types-${Date.now().toString(36)}-${++jobSeq}`;
      const chosen = schema ?? get().types[id]?.schema ?? null;
      patch(id, { status: 'running', error: null, progress: { jobId, phase: 'connecting', done: 0, total: 0, message: 'Connecting…' }, jobId, schema: chosen });
      const view = get().typesViews[id];
      if (view && view.selected !== null) set({ typesViews: { ...get().typesViews, [id]: { ...view, selected: null } } });
      try {
        const report = await bridge.call('types.introspect', { id, jobId, ...(chosen ? { schema: chosen } : {}) });
        if (get().types[id]?.jobId === jobId) patch(id, { status: 'done', report, progress: null, jobId: null });
      } catch (err) {
        if (get().types[id]?.jobId !== jobId) return;
        const e = toApiError(err);
        patch(id, { status: e.code === 'CANCELLED' ? 'cancelled' : 'error', error: e.code === 'CANCELLED' ? null : e, progress: null, jobId: null });
      }
    },
    async cancelTypes(id) {
      const jobId = get().types[id]?.jobId;
      if (jobId) await bridge.call('types.cancel', { jobId });
    },
    onTypesProgress(p) {
      for (const [id, entry] of Object.entries(get().types)) if (entry.jobId === p.jobId && entry.status === 'running') patch(id, { progress: p });
    },
    setTypesView(p) {
      const id = get().selectedId;
      if (!id) return;
      const view = get().typesViews[id] ?? DEFAULT_TYPES_VIEW;
      const { filter, ...rest } = p;
      const next: TypesView = filter ? { ...view, ...rest, filter: { ...view.filter, ...filter }, selected: rest.selected ?? null } : { ...view, ...rest };
      set({ typesViews: { ...get().typesViews, [id]: next } });
    },
    async exportModels(reportId, tables, variant) {
      const { code } = await bridge.call('types.models', { reportId, tables, variant });
      return code;
    },
  };
};
