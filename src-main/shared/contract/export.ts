import { z } from 'zod';
import { method, event } from './define';
import { EXPORT_TARGETS, type ExportPreview, type LastExport, type SaveResult } from '../export/bundle';

const id = z.string().min(1).max(64);
const bundleId = z.string().min(1).max(64);

export const exportMethods = {
  'export.preview': method(
    z.strictObject({
      id,
      target: z.enum(EXPORT_TARGETS).default('python'),
      /** Tables chosen in the Types view, for models.py. */
      models: z
        .strictObject({
          reportId: z.string().min(1).max(64),
          tables: z.array(z.string().max(255)).max(100_000),
          variant: z.enum(['portable', 'faithful']),
        })
        .optional(),
    }),
    'Generate the config files for a saved connection from its profile and its last check run (no server contact), with the last saved export to diff against.',
  ).returns<ExportPreview>(),
  'export.saveToFolder': method(
    z.strictObject({ bundleId, overwrite: z.boolean().default(false) }),
    'Desktop app: ask for a folder in a native dialog and write the previewed files there (refused, with the list, when other files would be replaced and overwrite is false; overwrite reuses the folder chosen for this bundle).',
  ).returns<SaveResult>(),
  'export.record': method(
    z.strictObject({ bundleId, via: z.enum(['zip']) }),
    'Serve mode: the browser downloaded the previewed bundle as a zip; remember it as the last export for the diff.',
  ).returns<LastExport>(),
};

export const exportEvents = {
  'export.saved': event<{ id: string; exportedAt: string; via: LastExport['via'] }>('A config export of a saved connection was saved (folder, zip or CLI).'),
};
