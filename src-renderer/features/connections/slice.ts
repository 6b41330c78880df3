import type { StateCreator } from 'zustand';
import type { StageResult, TestProgress, TestReport } from '@shared/conn-test';
import type { ProfileInput } from '@shared/profile';
import type { Backend } from '@shared/backends';
import { bridge, toApiError, type ApiError } from '../../bridge';
import type { StoreState } from '../../store';
import { SSH_SECRET_ATTEMPTS } from '../../store/ssh-secret-slice';

export interface TestRun {
  testId: string;
  running: boolean;
  stages: StageResult[];
  report?: TestReport;
  error?: ApiError;
}

/** What the connection dialog edits: a new connection (maybe prefilled), or a saved one. */
export interface EditorTarget {
  mode: 'create' | 'edit';
  id?: string;
  initial?: Partial<ProfileInput>;
  hasPassword?: boolean;
}

/** Key of the test run that belongs to the open dialog rather than to a saved connection. */
export const DRAFT_TEST = '__draft__';

export interface ConnectionsFeatureSlice {
  editor: EditorTarget | null;
  importOpen: boolean;
  discoverOpen: boolean;
  deleteTarget: { id: string; name: string; production: boolean } | null;
  testRuns: Record<string, TestRun>;
  openEditor(target: EditorTarget | null): void;
  setImportOpen(open: boolean): void;
  setDiscoverOpen(open: boolean): void;
  requestDelete(target: ConnectionsFeatureSlice['deleteTarget']): void;
  confirmDelete(): Promise<void>;
  duplicate(id: string): Promise<void>;
  /** Tests a saved connection; asks for the password first when its mode is "ask". */
  startTest(id: string): void;
  /** Runs a test; when the tunnel needs a key passphrase or SSH password that is not saved, asks for it and tests again. */
  runTest(key: string, input: { id?: string; profile?: ProfileInput; password?: string }, attempt?: number): Promise<TestReport | null>;
  cancelTest(key: string): Promise<void>;
  /** Drops a finished result that no longer describes the settings (after an edit). */
  clearTest(key: string): void;
  applyTestProgress(p: TestProgress): void;
  /** The test's one-click fix: save the backend the server turned out to be, then test again. */
  fixBackend(id: string, backend: Backend): Promise<void>;
  /** After create/import: reload the list and show the new connection. */
  showConnection(id: string): Promise<void>;
}

function newTestId(): string {
  return `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export const createConnectionsFeatureSlice: StateCreator<StoreState, [], [], ConnectionsFeatureSlice> = (set, get) => ({
  editor: null,
  importOpen: false,
  discoverOpen: false,
  deleteTarget: null,
  testRuns: {},
  openEditor(target) {
    set({ editor: target });
    if (!target) set({ testRuns: withoutKey(get().testRuns, DRAFT_TEST) });
  },
  setImportOpen(open) {
    set({ importOpen: open });
  },
  setDiscoverOpen(open) {
    set({ discoverOpen: open });
  },
  requestDelete(target) {
    set({ deleteTarget: target });
  },
  async confirmDelete() {
    const target = get().deleteTarget;
    if (!target) return;
    try {
      await bridge.call('connections.delete', { id: target.id });
      set({ deleteTarget: null, testRuns: withoutKey(get().testRuns, target.id) });
      get().toast('success', `Deleted “${target.name}”.`);
      await get().loadConnections();
      const first = get().connections[0];
      if (get().selectedId === null && first) await get().select(first.id);
    } catch (err) {
      set({ deleteTarget: null });
      get().toast('error', `${toApiError(err).message} ${toApiError(err).hint}`);
    }
  },
  async duplicate(id) {
    try {
      const copy = await bridge.call('connections.duplicate', { id });
      get().toast('success', `Saved a copy as “${copy.name}”.`);
      await get().showConnection(copy.id);
    } catch (err) {
      get().toast('error', `${toApiError(err).message} ${toApiError(err).hint}`);
    }
  },
  startTest(id) {
    const selected = get().selected;
    if (selected && selected.id === id && selected.passwordMode === 'ask' && selected.backend !== 'sqlite') {
      void get()
        .requestPassword(id, 'test')
        .then((password) => (password === null ? null : get().runTest(id, { id, password })));
      return;
    }
    void get().runTest(id, { id });
  },
  async runTest(key, input, attempt = 0) {
    const previous = get().testRuns[key];
    if (previous?.running) await get().cancelTest(key);
    const testId = newTestId();
    set({ testRuns: { ...get().testRuns, [key]: { testId, running: true, stages: [] } } });
    try {
      const report = await bridge.call('connections.test', { testId, ...input });
      if (get().testRuns[key]?.testId !== testId) return report;
      set({ testRuns: { ...get().testRuns, [key]: { testId, running: false, stages: report.stages, report } } });
      const need = report.failure?.ssh?.secret;
      if (need && attempt < SSH_SECRET_ATTEMPTS && (await get().provideSshSecret({ connectionId: input.id ?? null, action: 'test', need }))) {
        return get().runTest(key, input, attempt + 1);
      }
      return report;
    } catch (err) {
      if (get().testRuns[key]?.testId === testId) {
        set({ testRuns: { ...get().testRuns, [key]: { testId, running: false, stages: get().testRuns[key]?.stages ?? [], error: toApiError(err) } } });
      }
      return null;
    }
  },
  async cancelTest(key) {
    const run = get().testRuns[key];
    if (!run?.running) return;
    await bridge.call('connections.cancelTest', { testId: run.testId }).catch(() => undefined);
  },
  clearTest(key) {
    if (!get().testRuns[key]?.running) set({ testRuns: withoutKey(get().testRuns, key) });
  },
  async fixBackend(id, backend) {
    try {
      const saved = await bridge.call('connections.get', { id });
      const { id: _id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
      await bridge.call('connections.update', { id, profile: { ...profile, backend } });
      get().toast('success', `Backend set to ${backend === 'mariadb' ? 'MariaDB' : 'MySQL'}. Saved to the connection's settings.`);
      await get().refreshSelected();
      void get().loadConnections();
      get().startTest(id);
    } catch (err) {
      get().toast('error', `Could not set the backend: ${toApiError(err).message}`);
    }
  },
  applyTestProgress(p) {
    const runs = get().testRuns;
    const key = Object.keys(runs).find((k) => runs[k]!.testId === p.testId);
    if (!key) return;
    const run = runs[key]!;
    if (!run.running) return;
    const stages = run.stages.some((s) => s.id === p.stage.id) ? run.stages.map((s) => (s.id === p.stage.id ? p.stage : s)) : [...run.stages, p.stage];
    set({ testRuns: { ...runs, [key]: { ...run, stages } } });
  },
  async showConnection(id) {
    await get().loadConnections();
    await get().select(id);
    get().setSection('overview');
  },
});

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _drop, ...rest } = record;
  return rest;
}
