import type { Backend } from './backends';
import type { ProfileInput } from './profile';

/**
 * What the import dialog shows. The main process reads the files, keeps any password it found and
 * sends only this view: a password is never part of it, only whether one is available.
 */

export const IMPORT_KINDS = ['dbeaver', 'beekeeper', 'dbgate', 'pgadmin', 'datagrip', 'pgpass', 'pgservice', 'mycnf', 'service-url'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportLocation {
  path: string;
  exists: boolean;
  /** Why this place is looked at ("PGPASSFILE", "snap package" …). */
  note?: string;
}

export interface ImportSourceInfo {
  kind: ImportKind;
  label: string;
  /** What to choose, in a sentence. */
  fileHint: string;
  /** Default places on this OS, first the most likely. */
  locations: ImportLocation[];
  /** File names the browser picker should offer (accept attribute). */
  accept: string;
  /** More than one file belongs together (data-sources.json + credentials-config.json …). */
  multiFile: boolean;
}

export interface ImportCandidateView {
  /** Stable within one preview; what the client sends back to pick it. */
  key: string;
  /** create: a new saved connection; setPassword: store the password on an existing one. */
  action: 'create' | 'setPassword';
  targetId?: string;
  name: string;
  group: string;
  backend?: Backend;
  /** host:port/db, a socket or a file, as the sidebar shows it. */
  target?: string;
  user?: string;
  /** The profile that would be saved (never with a password). */
  profile?: ProfileInput;
  /** Where in the source it came from: "connection postgres-jdbc-18f…", "line 4", "[client]". */
  origin: string;
  password: { available: boolean; source?: string };
  /**
   * Names of secret connection parameters found in the source (sslpassword …), never their values:
   * imported with the passwords into the encrypted secret store, never into the profile.
   */
  secretParams?: string[];
  /** An already saved connection (or an earlier row here) with the same backend, host, port, database and user. */
  duplicateOf?: { name: string; id?: string; key?: string };
  /** What Poolscope keeps as a note: SSH tunnels, options it does not model. */
  notes: string[];
  warnings: string[];
  /** Set when this row cannot be imported, with why and what to do. */
  error?: { message: string; hint: string };
  /** Checked by default: importable and not a duplicate. */
  checked: boolean;
}

export interface ImportPreview {
  previewId: string;
  kind: ImportKind;
  label: string;
  /** The files that were read. */
  files: string[];
  candidates: ImportCandidateView[];
  /** About the source as a whole (a skipped include, passwords that could not be read …). */
  warnings: string[];
  /** How many candidates have a password or a secret parameter Poolscope could import. */
  passwordsAvailable: number;
}

export interface ImportCommitResult {
  created: Array<{ id: string; name: string }>;
  renamed: Array<{ from: string; to: string }>;
  /** Existing connections that got a password (pgpass). */
  updated: Array<{ id: string; name: string }>;
  passwordsStored: number;
  /** Secret parameters (sslpassword …) stored encrypted, counted one per parameter. */
  secretParamsStored?: number;
}
