import { join } from 'node:path';
import { appVersion } from '../core/paths';
import { AppError } from '../shared/errors';
import { redactor } from '../core/logging/redact';
import { parseArgs, formatFlags, closest, UsageError } from './args';
import { COMMON_FLAGS, EXIT, EXIT_TABLE, makeContext, type CliIo } from './command';
import { COMMAND_INDEX as COMMANDS } from './registry';
import { cliHostKeyHint } from './host-key-hint';
import { fdWriter } from './fd-writer';

/*
 * The commands come from the registry (name and summary only): --help, --version, the usage text and
 * "did you mean" never import a command, the store or a driver. The command that is run is loaded
 * then, with what it needs (see registry.ts).
 */

const toStdout = fdWriter(1, () => process.stdout);
const toStderr = fdWriter(2, () => process.stderr);
const stdio: CliIo = {
  out: (t) => toStdout(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => toStderr(t.endsWith('\n') ? t : `${t}\n`),
};

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'poolscope: a connection workbench for async Python services on SQLAlchemy',
    '',
    'Usage: poolscope <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    formatFlags(COMMON_FLAGS),
    '',
    '  -V, --version   Print the version.',
    '  -h, --help      Print this help.',
    '',
    'Exit codes:',
    ...EXIT_TABLE.map(([code, what]) => `  ${code}  ${what}`),
    '',
    'Run `poolscope <command> --help` for a command\'s own options. The desktop app: `npm start`.',
  ].join('\n');
}

/** An error as the person asked for it: text on stderr, or {"error": …} on stdout under --json. */
function report(io: CliIo, json: boolean, prefix: string, e: { code: string; message: string; hint?: string }, exit: number, usageLine?: string): number {
  if (json) io.out(redactor.scrub(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), exit } }, null, 2)));
  else io.err(redactor.scrub(`${prefix}: ${e.message}${e.hint ? `\n  ${e.hint}` : ''}${usageLine ? `\n${usageLine}` : ''}`));
  return exit;
}

export async function runCli(argv: string[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  if (!name) {
    io.err(usage());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === '-v' || name === 'version') {
    io.out(json ? JSON.stringify({ version: appVersion() }) : appVersion());
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const guess = closest(name, COMMANDS.map((c) => c.name));
    return report(io, json, 'poolscope', { code: 'BAD_INPUT', message: `Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''}`, hint: `Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See poolscope --help.` }, EXIT.usage);
  }
  const command = await entry.load();
  const usageLine = `Usage: poolscope ${command.name} ${command.usage}`;
  let args;
  try {
    args = parseArgs(rest, command.flags);
  } catch (err) {
    if (err instanceof UsageError) return report(io, json, `poolscope ${command.name}`, { code: 'BAD_INPUT', message: err.message }, EXIT.usage, usageLine);
    throw err;
  }
  if (args.flags.help) {
    io.out(`${usageLine}\n\n${command.summary}\n\nOptions:\n${formatFlags(command.flags)}\n\nExit codes: ${EXIT_TABLE.map(([c]) => c).join(', ')} (see poolscope --help).`);
    return EXIT.ok;
  }
  const ctx = await makeContext(args, io, command.opens);
  try {
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof UsageError) return report(io, json, `poolscope ${command.name}`, { code: 'BAD_INPUT', message: err.message }, EXIT.usage, usageLine);
    // A name that matches no saved connection, or a URL that does not parse, is a mistake in the arguments: 2 in every command.
    if (err instanceof AppError) {
      const hint = cliHostKeyHint((err.details?.ssh as { kind?: string } | undefined)?.kind, join(ctx.dataDir, 'known_hosts'));
      const shown = hint ? { code: err.code, message: err.message, hint } : err;
      return report(io, json, `poolscope ${command.name}`, shown, err.code === 'NOT_FOUND' || err.code === 'BAD_URL' ? EXIT.usage : EXIT.error);
    }
    // A full disk, a read-only data folder or a store another process holds: said in words, not as a bug.
    const stored = (await import('../core/db/app-db')).storageError(err);
    if (stored) return report(io, json, `poolscope ${command.name}`, stored, EXIT.error);
    const e = err as { message?: string };
    return report(io, json, `poolscope ${command.name}`, { code: 'INTERNAL', message: e.message ?? String(err) }, EXIT.error);
  } finally {
    await ctx.close();
  }
}
