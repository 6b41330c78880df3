import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { ExportBundle, ExportPreview, ExportTarget, LastExport, ModelsChoice } from '../../shared/export/bundle';
import { EXPORT_TARGETS } from '../../shared/export/bundle';
import { checksService, profileOf } from '../checks/service';
import type { Core } from '../core';
import { perCore } from '../per-core';
import { reportCache } from '../typemap/report-cache';
import { generateBundle, targetAvailable } from './bundle';
import type { ExportInput } from './context';
import { ExportStore } from './store';

/** Previewed bundles kept for saving (by id), newest last. */
const KEEP_BUNDLES = 8;

/** A bundle with an id and the time it was made, from the pure generators. */
export function makeBundle(input: Omit<ExportInput, 'generatedAt'>, connectionId?: string): ExportBundle {
  if (!targetAvailable(input.profile.backend, input.target)) {
    throw new AppError('UNSUPPORTED', 'There is no Node pool for SQLite.', 'better-sqlite3 opens one synchronous database handle per process: export the Python files instead.');
  }
  const generatedAt = new Date().toISOString();
  const { files, basis } = generateBundle({ ...input, generatedAt });
  return {
    id: randomUUID(),
    ...(connectionId ? { connectionId } : {}),
    label: input.label,
    target: input.target,
    generatedAt,
    files,
    basis,
    ...(input.models ? { models: { tables: input.models.tables.length || input.models.schema.tables.length, variant: input.models.variant } } : {}),
  };
}

/**
 * Config export for saved connections: previews from the saved profile and the facts of the last
 * check run (never contacting the server, never reading the password), and the last saved export
 * per connection for the diff.
 */
export class ExportService {
  readonly store: ExportStore;
  private readonly bundles = new Map<string, ExportBundle>();

  constructor(private readonly core: Core) {
    this.store = new ExportStore(core.db, core.logger);
  }

  preview(id: string, target: ExportTarget, models?: ModelsChoice): ExportPreview {
    const saved = this.core.connections.get(id);
    const profile = profileOf(saved);
    const facts = checksService(this.core).last(id)?.facts ?? null;
    const bundle = makeBundle({ profile, facts, label: saved.name, target, ...(models ? { models: this.models(id, models) } : {}) }, id);
    this.bundles.set(bundle.id, bundle);
    while (this.bundles.size > KEEP_BUNDLES) this.bundles.delete(this.bundles.keys().next().value!);
    return { bundle, last: this.store.last(id), targets: EXPORT_TARGETS.filter((t) => targetAvailable(profile.backend, t)) };
  }

  bundle(bundleId: string): ExportBundle {
    const b = this.bundles.get(bundleId);
    if (!b) throw new AppError('NOT_FOUND', 'That preview is no longer in memory.', 'Open the Export tab again (or refresh the preview), then save.');
    return b;
  }

  /** Remembers a saved bundle as the connection's last export and tells every window. */
  record(bundle: ExportBundle, via: LastExport['via']): LastExport {
    const last: LastExport = { exportedAt: new Date().toISOString(), target: bundle.target, via, files: bundle.files.map((f) => ({ path: f.path, content: f.content })) };
    if (!bundle.connectionId) return last;
    this.store.save(bundle.connectionId, last);
    this.core.bus.emit('export.saved', { id: bundle.connectionId, exportedAt: last.exportedAt, via });
    return last;
  }

  private models(id: string, choice: ModelsChoice): NonNullable<ExportInput['models']> {
    const report = reportCache(this.core).get(choice.reportId);
    if (!report) throw new AppError('NOT_FOUND', 'The type report for models.py is no longer in memory.', 'Map the column types again in the Types tab and choose the tables, or export without models.py.');
    if (report.connectionId !== id) throw new AppError('BAD_INPUT', 'That type report belongs to another connection.', 'Map the types of this connection in its Types tab.', { field: 'models' });
    const known = new Set(report.schema.tables.map((t) => t.name));
    const missing = choice.tables.filter((t) => !known.has(t));
    if (missing.length) throw new AppError('BAD_INPUT', `No table named ${missing.slice(0, 3).map((t) => `"${t}"`).join(', ')} in this report.`, 'Pick tables from the Types view.', { field: 'models' });
    return { schema: report.schema, tables: choice.tables, variant: choice.variant };
  }
}

/** One service per core, so a bundle previewed over one transport can be saved over another. */
export const exportService = perCore((core) => new ExportService(core));
