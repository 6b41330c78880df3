import { basename, dirname, join } from 'node:path';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { AppError } from '../../../shared/errors';
import type { ImportKind } from '../../../shared/import-types';
import type { ImportEnv, LoadedFile } from './types';

/** Files larger than this are not a connection store: refuse instead of reading them. */
export const MAX_IMPORT_FILE = 20 * 1024 * 1024;

/** The real machine. */
export function nodeImportEnv(): ImportEnv {
  let osUser = '';
  try {
    osUser = userInfo().username;
  } catch {
    osUser = process.env.USER ?? process.env.USERNAME ?? '';
  }
  return {
    platform: process.platform,
    home: homedir(),
    env: process.env,
    osUser,
    readFile(path) {
      try {
        return readFileSync(path);
      } catch {
        return null;
      }
    },
    stat(path) {
      try {
        const s = statSync(path);
        return { mode: s.mode, isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size };
      } catch {
        return null;
      }
    },
    listDir(path) {
      try {
        return readdirSync(path);
      } catch {
        return null;
      }
    },
  };
}

/** The main file to look for when the user points at a folder. */
const MAIN_FILE: Partial<Record<ImportKind, string>> = {
  dbeaver: 'data-sources.json',
  beekeeper: 'app.db',
  dbgate: 'connections.jsonl',
  datagrip: 'dataSources.xml',
  pgpass: '.pgpass',
  pgservice: '.pg_service.conf',
  mycnf: '.my.cnf',
};

function readOne(path: string, env: ImportEnv): LoadedFile {
  const st = env.stat(path);
  if (!st) throw new AppError('NOT_FOUND', `There is no file at ${path}.`, 'Check the path, or choose the file with "Choose file…".', { path });
  if (!st.isFile) throw new AppError('BAD_INPUT', `${path} is not a regular file.`, 'Choose the file itself.', { path });
  if (st.size > MAX_IMPORT_FILE) {
    throw new AppError('BAD_INPUT', `${path} is ${(st.size / 1024 / 1024).toFixed(1)} MB, too large to be a connection list.`, 'Choose the tool\'s connection file; nothing was imported.', { path });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new AppError('BAD_INPUT', `Poolscope cannot read ${path} (${why}).`, code === 'EACCES' || code === 'EPERM' ? 'Give your user read access to the file (chmod u+r), or copy it somewhere readable; nothing was imported.' : 'Check the file; nothing was imported.', { path });
  }
  return { name: path, onDisk: true, bytes };
}

function readIfPresent(path: string, env: ImportEnv): LoadedFile | null {
  const st = env.stat(path);
  if (!st || !st.isFile || st.size > MAX_IMPORT_FILE) return null;
  try {
    return readOne(path, env);
  } catch {
    return null;
  }
}

/** Reads the file at `path` (or the tool's file inside the folder `path`) and the files that belong beside it. */
export function loadFromPath(kind: ImportKind, rawPath: string, env: ImportEnv): LoadedFile[] {
  let path = rawPath.trim().replace(/^~(?=$|[/\\])/, env.home);
  const st = env.stat(path);
  if (st?.isDirectory) {
    const main = MAIN_FILE[kind];
    if (!main) throw new AppError('BAD_INPUT', `${path} is a folder.`, 'Choose the file itself.', { path });
    path = join(path, main);
  }
  const main = readOne(path, env);
  const dir = dirname(path);
  const beside = (name: string) => readIfPresent(join(dir, name), env);
  const extra: Array<LoadedFile | null> = [];
  switch (kind) {
    case 'dbeaver': {
      // data-sources-2.json pairs with credentials-config-2.json (DBeaver's storage sub-id).
      const suffix = /data-sources(.*)\.json$/i.exec(basename(path))?.[1] ?? '';
      extra.push(beside(`credentials-config${suffix}.json`));
      break;
    }
    case 'beekeeper':
    case 'dbgate':
      extra.push(beside('.key'));
      break;
    case 'datagrip':
      extra.push(beside(basename(path).replace(/\.xml$/i, '.local.xml')));
      break;
    default:
      break;
  }
  return [main, ...extra.filter((f): f is LoadedFile => f !== null)];
}

export interface UploadedFile {
  name: string;
  /** base64 of the file's bytes. */
  data: string;
}

export function loadUploaded(files: UploadedFile[]): LoadedFile[] {
  return files.map((f) => {
    const bytes = Buffer.from(f.data, 'base64');
    if (bytes.length > MAX_IMPORT_FILE) throw new AppError('BAD_INPUT', `${f.name} is too large to be a connection list.`, 'Choose the tool\'s connection file; nothing was imported.');
    return { name: basename(f.name.replace(/\\/g, '/')), onDisk: false, bytes };
  });
}
