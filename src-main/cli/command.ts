import { sshSecretFromEnv } from './ssh-flags';
import { resolve } from 'node:path';
import { Core } from '../core/core';
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
  /** Returns the process exit code. */
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

export interface CliContext {
  io: CliIo;
  /** Opens the app core on the chosen data directory (lazily: commands that need no store never open it). */
  core(): Core;
}

/** Flags every command understands. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  'data-dir': { type: 'string', value: 'DIR', description: 'Data folder with saved connections (default: the per-user data folder).' },
  help: { type: 'boolean', description: 'Show help for this command.' },
};

export const EXIT = { ok: 0, failed: 1, usage: 2, error: 3 } as const;

export function makeContext(args: ParsedArgs, io: CliIo): CliContext & { close(): Promise<void> } {
  let core: Core | undefined;
  return {
    io,
    core() {
      if (!core) {
        const dataDir = resolve((args.flags['data-dir'] as string | undefined) ?? defaultDataDir());
        core = new Core({ dataDir, mode: 'cli', ssh: { env: { secret: sshSecretFromEnv } } });
      }
      return core;
    },
    async close() {
      await core?.close();
    },
  };
}

/** Plain-text table with aligned columns, for terminal output. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
