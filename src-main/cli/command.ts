import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../shared/errors';
import type { Core } from '../core/core';
import type { AppStore } from '../core/app-store';
import { defaultDataDir } from '../core/paths';
import type { FlagSpec, ParsedArgs } from './args';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** e.g. "<saved-name|url> [--json]" */
  usage: string;
  flags: Record<string, FlagSpec>;
  /**
   * 'store' for a command that only reads saved connections (list, url): its start loads the app
   * database alone, not the pools, the lab, imports, SSH or the drivers, and `ctx.core()` is refused.
   * Default 'core'.
   */
  opens?: 'store' | 'core';
  /** Returns the process exit code. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

export interface CliContext {
  io: CliIo;
  /**
   * Opens the app core on the chosen data directory (lazily: commands that need no store never open
   * it). A missing folder is refused unless `create` says the command must keep something there
   * (an SSH tunnel's host keys), so reading saved connections never creates one as a side effect.
   */
  core(opts?: { create?: boolean }): Core;
  /**
   * The saved connections alone (the app database and its secrets), opened lazily with the same
   * rules as core(); the core's own store once the core is open, so the two never differ. Async:
   * the profile schema (zod) is loaded only when a saved row needs it (AppStore.open).
   */
  store(): Promise<AppStore>;
  /** The data folder the command would use; core() refuses to create it when it is missing. */
  dataDir: string;
}

/** Flags every command understands. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  'data-dir': { type: 'string', value: 'DIR', description: 'Data folder with saved connections (default: the per-user data folder).' },
  json: { type: 'boolean', description: 'Print JSON on stdout, errors included ({"error": {code, message, hint, exit}}).' },
  help: { type: 'boolean', description: 'Show help for this command.' },
};

export const EXIT = { ok: 0, failed: 1, usage: 2, error: 3 } as const;

/** The one exit-code table, printed by --help and copied in the README. */
export const EXIT_TABLE: Array<[number, string]> = [
  [EXIT.ok, 'done: no check failed (check), no column at the --fail-on level (types), models.py creates on every --fail-on backend (export), no difference in behaviour (verify)'],
  [EXIT.failed, 'a finding: a check failed (check), a column at the --fail-on level (types), models.py would not create on a --fail-on backend (export; files still written), a difference in behaviour between real SQLAlchemy and Poolscope (verify; timing beyond tolerance is reported, not counted)'],
  [EXIT.usage, 'usage: unknown command or option, a bad value, a name no saved connection has, a malformed URL, a driver of another backend, no data folder'],
  [EXIT.error, 'runtime: the server could not be reached or refused the login, a SQLite file is missing, files in the way (export), a password is needed, the Python interpreter lacks SQLAlchemy 2.0 or the driver (verify: the message names the pip command), the runner failed or hit its time limit'],
];

/**
 * The context a command runs in. The app store is imported here, when a command is about to run,
 * never by `--help`, `--version` or a mistyped command; the whole core (pools, drivers, ssh2) only
 * for a command that `opens` it.
 */
export async function makeContext(args: ParsedArgs, io: CliIo, opens: 'store' | 'core' = 'core'): Promise<CliContext & { close(): Promise<void> }> {
  const [{ AppStore: StoreClass }, coreModules] = await Promise.all([
    import('../core/app-store'),
    opens === 'core' ? Promise.all([import('../core/core'), import('./ssh-flags')]) : undefined,
  ]);
  let store: AppStore | undefined;
  let core: Core | undefined;
  const dataDir = resolve((args.flags['data-dir'] as string | undefined) ?? defaultDataDir());
  const refuseMissing = (create: boolean | undefined) => {
    // Reading saved connections must never create a data folder (with a demo database) as a side effect.
    if (!create && !existsSync(dataDir)) {
      throw new AppError('NOT_FOUND', `There is no data folder at ${dataDir}; nothing was created.`, 'Saved connections live in the folder the app uses: pass it with --data-dir (or POOLSCOPE_DATA_DIR), or start the app once (npm start). A URL works without one.');
    }
  };
  // What the start found (a read-only folder, a damaged store or key) goes to stderr, so --json output stays clean.
  const tell = (notices: AppStore['notices']) => {
    for (const n of notices) if (n.level !== 'info') io.err(`poolscope: ${n.title}. ${n.message}`);
  };
  return {
    io,
    dataDir,
    async store() {
      if (core) return core.store;
      if (!store) {
        refuseMissing(false);
        const opened = await StoreClass.open({ dataDir, mode: 'cli' });
        if (store) opened.close();
        else {
          store = opened;
          tell(store.notices);
        }
      }
      return store;
    },
    core(opts = {}) {
      if (!coreModules) throw new Error('This command declared that it opens only the saved connections (opens: "store"), yet asked for the whole core.');
      if (!core) {
        const [{ Core: CoreClass }, { sshSecretFromEnv }] = coreModules;
        if (!store) refuseMissing(opts.create);
        const told = store?.notices.length ?? 0;
        const trustNew = args.flags['ssh-trust-new'] === true;
        core = new CoreClass({
          dataDir,
          mode: 'cli',
          ssh: {
            env: { secret: sshSecretFromEnv },
            ...(trustNew
              ? {
                  acceptNewHostKeys: true,
                  onHostKeyLearned: (f) => io.err(`poolscope: ${f.hostEntry} was not a known SSH host; its ${f.keyType} key ${f.fingerprint} is now trusted (--ssh-trust-new) and recorded in ${join(dataDir, 'known_hosts')}.`),
                }
              : {}),
          },
          ...(store ? { store } : {}),
        });
        tell(core.notices.slice(told));
      }
      return core;
    },
    async close() {
      if (core) await core.close();
      else store?.close();
    },
  };
}

/** Plain-text table with aligned columns, for terminal output. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
