import type { Core } from '../core/core';
import { exportService } from '../core/export/service';
import { writeBundle } from '../core/export/write';
import { AppError } from '../shared/errors';
import type { Handlers } from './dispatch';

export interface ExportHandlerDeps {
  /** Desktop app: the native folder dialog; resolves null when cancelled. Absent in serve mode. */
  chooseFolder?: (title: string) => Promise<string | null>;
}

export function exportHandlers(core: Core, deps: ExportHandlerDeps = {}): Pick<Handlers, 'export.preview' | 'export.saveToFolder' | 'export.record'> {
  const service = exportService(core);
  // The folder chosen for each bundle, so "overwrite" after a refusal does not ask again.
  const chosen = new Map<string, string>();
  return {
    'export.preview': ({ id, target, models }) => service.preview(id, target, models),
    'export.saveToFolder': async ({ bundleId, overwrite }) => {
      const bundle = service.bundle(bundleId);
      if (!deps.chooseFolder) {
        throw new AppError('UNSUPPORTED', 'In the browser UI Poolscope cannot open a folder dialog.', 'Download the bundle as a zip instead, or use `poolscope export <name> --out DIR`.');
      }
      let dir = overwrite ? chosen.get(bundleId) : undefined;
      if (!dir) {
        const picked = await deps.chooseFolder(`Save the config files for ${bundle.label}`);
        if (!picked) return { saved: false, written: [], unchanged: [] };
        dir = picked;
        chosen.set(bundleId, dir);
      }
      const result = writeBundle(dir, bundle.files, { overwrite });
      service.record(bundle, 'folder');
      core.logger.info('config exported', { id: bundle.connectionId, files: bundle.files.length, written: result.written.length });
      return { saved: true, ...result };
    },
    'export.record': ({ bundleId, via }) => service.record(service.bundle(bundleId), via),
  };
}
