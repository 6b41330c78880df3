import type { ProfileInput } from '../../../shared/profile';
import type { ImportKind } from '../../../shared/import-types';

/** One file handed to a parser: read from disk by path, or sent by the browser's file picker. */
export interface LoadedFile {
  /** Where it came from: an absolute path, or the name the browser gave. */
  name: string;
  /** True when read from disk (so files beside it can be looked up). */
  onDisk: boolean;
  bytes: Buffer;
}

/** What a parser found for one connection, before duplicates and .pgpass are looked at. */
export interface RawCandidate {
  origin: string;
  name: string;
  group?: string;
  /** Absent when the row cannot be imported (then `error` says why). */
  profile?: ProfileInput;
  password?: string;
  passwordSource?: string;
  /**
   * Secret connection parameters the source holds (sslpassword, oauth_client_secret …), by libpq or
   * driver keyword. Kept in the main process like the password; the preview shows only the names.
   */
  secretParams?: Record<string, string>;
  /** A password file this source names for this connection (pgAdmin's PassFile, a service's passfile). */
  passfile?: string;
  notes?: string[];
  warnings?: string[];
  error?: { message: string; hint: string };
  /** For .pgpass: store the password on this saved connection instead of creating one. */
  setPasswordOn?: { id: string; name: string };
}

export interface ParsedSource {
  candidates: RawCandidate[];
  warnings: string[];
  /** Every file read (shown in the preview). */
  files: string[];
}

/** The machine an import runs on: injected so tests can give every OS layout and environment. */
export interface ImportEnv {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
  /** The OS user name (libpq's default user). */
  osUser: string;
  readFile(path: string): Buffer | null;
  /** Mode bits and whether it is a regular file, or null when it does not exist. */
  stat(path: string): { mode: number; isFile: boolean; isDirectory: boolean; size: number } | null;
  listDir(path: string): string[] | null;
}

export type SourceParser = (files: LoadedFile[], env: ImportEnv, kind: ImportKind) => ParsedSource;
