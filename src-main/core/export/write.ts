import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { ExportFile } from '../../shared/export/bundle';
import { AppError } from '../../shared/errors';

/**
 * Writes a bundle into a folder (the desktop app's chosen folder, or `poolscope export --out`).
 * A file already there with other content is never replaced silently: the whole write is refused
 * with the list, unless overwrite is set. Nothing is written until every path has been checked.
 */
export function writeBundle(dir: string, files: Array<Pick<ExportFile, 'path' | 'content'>>, opts: { overwrite?: boolean } = {}): { dir: string; written: string[]; unchanged: string[] } {
  const root = resolve(dir);
  const targets = files.map((f) => {
    const path = resolve(root, f.path);
    if (!path.startsWith(root + sep)) throw new AppError('BAD_INPUT', `Refusing to write ${f.path} outside ${root}.`, 'Export paths stay inside the chosen folder.');
    return { ...f, full: path };
  });
  const unchanged = targets.filter((t) => existsSync(t.full) && readFileSync(t.full, 'utf8') === t.content).map((t) => t.path);
  const clashes = targets.filter((t) => existsSync(t.full) && !unchanged.includes(t.path)).map((t) => t.path);
  if (clashes.length && !opts.overwrite) {
    throw new AppError('CONFLICT', `${root} already has ${clashes.join(', ')} with other content.`, 'Choose another (or an empty) folder, or overwrite them.', { files: clashes, dir: root });
  }
  const written: string[] = [];
  for (const t of targets) {
    if (unchanged.includes(t.path)) continue;
    mkdirSync(dirname(t.full), { recursive: true });
    writeFileSync(t.full, t.content);
    written.push(t.path);
  }
  return { dir: root, written, unchanged };
}

