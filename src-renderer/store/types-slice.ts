import type { StateCreator } from 'zustand';
import type { ModelVariant, Target, TypesProgress, TypesReport, VerdictLevel } from '@shared/typemap-model';
import { bridge, toApiError, type ApiError } from '../bridge';
import type { StoreState } from './index';
import { SSH_SECRET_ATTEMPTS, sshSecretNeedOf } from './ssh-secret-slice';

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
  /** The schema list; `password` is an "ask" connection's, sent in this one request and kept nowhere. */
  loadTypeSchemas(id: string, opts?: { password?: string }): Promise<void>;
  /** Maps a schema; an SSH secret the failure names is asked for, and the run tried again. */
  runTypes(id: string, schema?: string | null, opts?: { password?: string; attempt?: number }): Promise<void>;
  /**
   * A run a person asked for: a connection that asks for its password gets the prompt first
   * (Cancel runs nothing), then maps and lists the schemas if they are not listed yet.
   */
  startTypes(id: string, asksPassword: boolean, schema?: string | null): Promise<void>;
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
    async loadTypeSchemas(id, opts = {}) {
      try {
        const { schemas, current } = await bridge.call('types.schemas', { id, ...(opts.password !== undefined ? { password: opts.password } : {}) });
        const entry = get().types[id];
        patch(id, { schemas, schemasError: null, schema: entry?.schema ?? current ?? schemas[0] ?? null });
      } catch (err) {
        patch(id, { schemasError: toApiError(err) });
      }
    },
    async runTypes(id, schema, opts = {}) {
      const jobId = `types-${Date.now().toString(36)}-${++jobSeq}`;
      const chosen = schema ?? get().types[id]?.schema ?? null;
      patch(id, { status: 'running', error: null, progress: { jobId, phase: 'connecting', done: 0, total: 0, message: 'Connecting…' }, jobId, schema: chosen });
      const view = get().typesViews[id];
      if (view && view.selected !== null) set({ typesViews: { ...get().typesViews, [id]: { ...view, selected: null } } });
      const password = opts.password !== undefined ? { password: opts.password } : {};
      try {
        const report = await bridge.call('types.introspect', { id, jobId, ...(chosen ? { schema: chosen } : {}), ...password });
        if (get().types[id]?.jobId !== jobId) return;
        patch(id, { status: 'done', report, progress: null, jobId: null, schema: chosen ?? report.schema });
        // Not listed yet (an "ask" connection, or a tunnel that needed a secret): the connection works now.
        if (!get().types[id]?.schemas) await get().loadTypeSchemas(id, password);
      } catch (err) {
        if (get().types[id]?.jobId !== jobId) return;
        const e = toApiError(err);
        const need = sshSecretNeedOf(e.details);
        const attempt = opts.attempt ?? 0;
        if (need && attempt < SSH_SECRET_ATTEMPTS) {
          // The prompt explains what is missing; behind it, and after a Cancel, nothing is wrong.
          patch(id, { status: 'cancelled', error: null, progress: null, jobId: null });
          if (await get().provideSshSecret({ connectionId: id, action: 'types', need })) await get().runTypes(id, schema, { ...opts, attempt: attempt + 1 });
          return;
        }
        patch(id, { status: e.code === 'CANCELLED' ? 'cancelled' : 'error', error: e.code === 'CANCELLED' ? null : e, progress: null, jobId: null });
      }
    },
    async startTypes(id, asksPassword, schema) {
      if (get().types[id]?.status === 'running') return;
      if (!asksPassword) return get().runTypes(id, schema);
      const password = await get().requestPassword(id, 'types');
      if (password !== null) await get().runTypes(id, schema, { password });
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
