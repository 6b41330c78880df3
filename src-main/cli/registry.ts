import type { CliCommand } from './command';

/**
 * What `poolscope --help`, `--version` and "did you mean" need about every command: its name and
 * one-line summary, with no import of the command itself. A command's module (and whatever it pulls
 * in: the store, the drivers, zod schemas, ssh2) is loaded with `load()` only when that command is
 * run, so the start of the command line pays for one command, not for all of them.
 * Later features register theirs here, in the order --help lists them.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const COMMAND_SUMMARIES = {
  list: 'List saved connections.',
  url: 'Print the SQLAlchemy URL of a saved connection (password masked unless --with-password).',
  check: 'Check a server against the pool settings and driver you are about to ship; exits 1 when a check fails.',
  types: 'Map a live schema\'s columns to SQLAlchemy 2.0 types and say which survive PostgreSQL, MySQL and SQLite.',
  export: 'Write the recommended config files (db.py, .env.example, requirements, tests/conftest.py …) into a folder; never a password.',
  verify: 'Run a load scenario on real SQLAlchemy 2.0 in a Python you pick and on Poolscope\'s pool, and compare them; exits 1 on a difference.',
} as const;

export const COMMAND_INDEX: CommandEntry[] = [
  { name: 'list', summary: COMMAND_SUMMARIES.list, load: async () => (await import('./commands/list')).listCommand },
  { name: 'url', summary: COMMAND_SUMMARIES.url, load: async () => (await import('./commands/url')).urlCommand },
  { name: 'check', summary: COMMAND_SUMMARIES.check, load: async () => (await import('./commands/check')).checkCommand },
  { name: 'types', summary: COMMAND_SUMMARIES.types, load: async () => (await import('./commands/types')).typesCommand },
  { name: 'export', summary: COMMAND_SUMMARIES.export, load: async () => (await import('./commands/export')).exportCommand },
  { name: 'verify', summary: COMMAND_SUMMARIES.verify, load: async () => (await import('./commands/verify')).verifyCommand },
];

/** Every command, loaded (for tests and tools that inspect flags; the CLI itself loads one). */
export function loadAllCommands(): Promise<CliCommand[]> {
  return Promise.all(COMMAND_INDEX.map((c) => c.load()));
}
