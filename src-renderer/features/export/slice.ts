import type { StateCreator } from 'zustand';
import type { ExportPreview, ExportTarget, ModelsChoice, SaveResult } from '@shared/export/bundle';
import { zipBundle, zipFileName } from '@shared/export/bundle';
import { bridge, toApiError, type ApiError } from '../../bridge';
import type { StoreState } from '../../store';
import { downloadBytes } from './download';

export interface ExportEntry {
  status: 'idle' | 'loading' | 'ready' | 'error';
  preview: ExportPreview | null;
  error: ApiError | null;
  target: ExportTarget;
  /** The file shown, by path. */
  file: string;
  view: 'code' | 'diff';
  saving: boolean;
  /** Set when a folder save was refused because files there have other content. */
  conflict: { dir: string; files: string[] } | null;
}

export interface ExportSlice {
  exports: Record<string, ExportEntry>;
  /** Tables chosen in the Types view's model export, per connection, for models.py. */
  exportModelChoice: Record<string, ModelsChoice & { label: string }>;
  loadExport(id: string, opts?: { target?: ExportTarget }): Promise<void>;
  setExportView(id: string, patch: Partial<Pick<ExportEntry, 'file' | 'view'>>): void;
  chooseExportModels(id: string, choice: (ModelsChoice & { label: string }) | null): void;
  /** Desktop app: the native folder dialog and a write; `overwrite` after a refusal. */
  saveExportToFolder(id: string, overwrite?: boolean): Promise<void>;
  /** Serve mode: the zip is built here, in the browser, and downloaded. */
  downloadExportZip(id: string): Promise<void>;
}

const EMPTY: ExportEntry = { status: 'idle', preview: null, error: null, target: 'python', file: 'db.py', view: 'code', saving: false, conflict: null };
let seq = 0;

export const createExportSlice: StateCreator<StoreState, [], [], ExportSlice> = (set, get) => {
  const entry = (id: string): ExportEntry => get().exports[id] ?? EMPTY;
  const patch = (id: string, p: Partial<ExportEntry>) => set({ exports: { ...get().exports, [id]: { ...entry(id), ...p } } });
  // A later preview request wins over an earlier one that answers late.
  const latest = new Map<string, number>();

  return {
    exports: {},
    exportModelChoice: {},
    async loadExport(id, opts = {}) {
      const target = opts.target ?? entry(id).target;
      const mine = ++seq;
      latest.set(id, mine);
      patch(id, { status: 'loading', error: null, target, conflict: null });
      const models = get().exportModelChoice[id];
      try {
        const preview = await bridge.call('export.preview', {
          id,
          target,
          ...(models && target === 'python' ? { models: { reportId: models.reportId, tables: models.tables, variant: models.variant } } : {}),
        });
        if (latest.get(id) !== mine) return;
        const paths = preview.bundle.files.map((f) => f.path);
        const file = paths.includes(entry(id).file) ? entry(id).file : (paths[0] ?? '');
        patch(id, { status: 'ready', preview, file });
      } catch (err) {
        if (latest.get(id) !== mine) return;
        const e = toApiError(err);
        // models.py's report is gone (the app restarted): drop the choice and show the rest.
        if (e.code === 'NOT_FOUND' && models) {
          set({ exportModelChoice: Object.fromEntries(Object.entries(get().exportModelChoice).filter(([k]) => k !== id)) });
          get().toast('info', 'The Types report for models.py is gone; map the types again to include it.');
          return get().loadExport(id, { target });
        }
        patch(id, { status: 'error', error: e });
      }
    },
    setExportView(id, p) {
      patch(id, p);
    },
    chooseExportModels(id, choice) {
      const rest = Object.fromEntries(Object.entries(get().exportModelChoice).filter(([k]) => k !== id));
      set({ exportModelChoice: choice ? { ...rest, [id]: choice } : rest });
      if (get().exports[id]) void get().loadExport(id);
    },
    async saveExportToFolder(id, overwrite = false) {
      const preview = entry(id).preview;
      if (!preview || entry(id).saving) return;
      patch(id, { saving: true, error: null });
      try {
        const r: SaveResult = await bridge.call('export.saveToFolder', { bundleId: preview.bundle.id, overwrite });
        patch(id, { saving: false, conflict: null });
        if (!r.saved) return;
        get().toast('success', `Saved ${r.written.length} file${r.written.length === 1 ? '' : 's'} to ${r.dir}${r.unchanged.length ? ` (${r.unchanged.length} unchanged)` : ''}.`);
        await get().loadExport(id);
      } catch (err) {
        const e = toApiError(err);
        const details = e.details as { files?: string[]; dir?: string } | undefined;
        if (e.code === 'CONFLICT' && details?.files) patch(id, { saving: false, conflict: { dir: details.dir ?? '', files: details.files } });
        else patch(id, { saving: false, error: e });
      }
    },
    async downloadExportZip(id) {
      const preview = entry(id).preview;
      if (!preview || entry(id).saving) return;
      patch(id, { saving: true, error: null });
      try {
        downloadBytes(zipBundle(preview.bundle.files), zipFileName(preview.bundle.label, preview.bundle.target), 'application/zip');
        await bridge.call('export.record', { bundleId: preview.bundle.id, via: 'zip' });
        patch(id, { saving: false });
        get().toast('success', `Downloaded ${zipFileName(preview.bundle.label, preview.bundle.target)}.`);
        await get().loadExport(id);
      } catch (err) {
        patch(id, { saving: false, error: toApiError(err) });
      }
    },
  };
};
