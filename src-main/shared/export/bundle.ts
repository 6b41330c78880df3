import { createZip } from './zip';
import type { ModelVariant } from '../typemap-model';
import type { ServerKind } from '../matrix';

/**
 * The config export as the API, the CLI and the UI see it: a set of small text files generated
 * from one recommendation. Never a password in any of them: the generators are never given one.
 */

/** Python service files (db.py, conftest …) or the Node equivalent (pg / mysql2 pool options). */
export const EXPORT_TARGETS = ['python', 'node'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportFile {
  /** Path inside the bundle, forward slashes (`tests/conftest.py`). */
  path: string;
  content: string;
  /** One line: what the file is for. */
  summary: string;
}

/** Which test set-up tests/conftest.py builds, from the matrix's test column. */
export interface TestSetup {
  kind: 'sqlite-memory' | 'real-backend';
  /** One line saying why, for the preview and the file's docstring. */
  reason: string;
}

/** What the bundle's reasons rest on: the measured server, or nothing yet. */
export interface ExportBasis {
  /** null: the server has not been checked, so reasons cite defaults and the profile only. */
  measured: { product: string; version: string; target: string; measuredAt: string } | null;
  serverKind: ServerKind;
  driver: string;
  poolClass: string;
  testSetup: TestSetup | null;
  notes: string[];
}

export interface ModelsChoice {
  /** A types.introspect report still in memory. */
  reportId: string;
  /** Chosen tables; empty means every table of the report. */
  tables: string[];
  variant: ModelVariant;
}

export interface ExportBundle {
  /** Handle for export.saveToFolder / export.record: the exact files previewed. */
  id: string;
  connectionId?: string;
  label: string;
  target: ExportTarget;
  generatedAt: string;
  files: ExportFile[];
  basis: ExportBasis;
  /** How many tables models.py holds, when models were included. */
  models?: { tables: number; variant: ModelVariant };
}

/** The last bundle saved for a connection (to a folder, as a zip or from the CLI), for the diff. */
export interface LastExport {
  exportedAt: string;
  target: ExportTarget;
  /** folder, zip or cli. */
  via: 'folder' | 'zip' | 'cli';
  files: Array<Pick<ExportFile, 'path' | 'content'>>;
}

/** The password placeholder every exported URL carries instead of a secret. */
export const PASSWORD_PLACEHOLDER = 'CHANGE_ME';

/** What export.preview returns: the bundle, the last saved export to diff against, and the targets this backend has. */
export interface ExportPreview {
  bundle: ExportBundle;
  last: LastExport | null;
  targets: ExportTarget[];
}

export interface SaveResult {
  /** False when the folder dialog was cancelled. */
  saved: boolean;
  dir?: string;
  written: string[];
  unchanged: string[];
}

/** The bundle as a zip (serve mode builds it in the browser; the tests read it back with Python). */
export function zipBundle(files: Array<Pick<ExportFile, 'path' | 'content'>>, when?: Date): Uint8Array {
  return createZip(
    files.map((f) => ({ name: f.path, content: f.content })),
    when,
  );
}

/** `poolscope-orders-db-python.zip`: the connection's name, made safe for a file name. */
export function zipFileName(label: string, target: ExportTarget): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'connection';
  return `poolscope-${slug}-${target}.zip`;
}
