import { appVersion } from '../core/paths';
import { AppError } from '../shared/errors';
import { redactor } from '../core/logging/redact';
import { parseArgs, formatFlags, UsageError } from './args';
import { COMMON_FLAGS, EXIT, makeContext, type CliCommand, type CliIo } from './command';
import { listCommand } from './commands/list';
import { checkCommand } from './commands/check';
import { urlCommand } from './commands/url';
import { typesCommand } from './commands/types';
import { exportCommand } from './commands/export';

/** Every subcommand, in the order `poolscope --help` lists them. Later features register theirs here. */
export const COMMANDS: CliCommand[] = [listCommand, urlCommand, checkCommand, typesCommand, exportCommand];

const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
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
    'Run `poolscope <command> --help` for a command\'s own options. The desktop app: `npm start`.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(appVersion());
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`poolscope: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See poolscope --help.`);
    return EXIT.usage;
  }
  let args;
  try {
    args = parseArgs(rest, command.flags);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`poolscope ${command.name}: ${err.message}\nUsage: poolscope ${command.name} ${command.usage}`);
      return EXIT.usage;
    }
    throw err;
  }
  if (args.flags.help) {
    io.out(`Usage: poolscope ${command.name} ${command.usage}\n\n${command.summary}\n\nOptions:\n${formatFlags(command.flags)}`);
    return EXIT.ok;
  }
  const ctx = makeContext(args, io);
  try {
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`poolscope ${command.name}: ${err.message}\nUsage: poolscope ${command.name} ${command.usage}`);
      return EXIT.usage;
    }
    // A name that matches no saved connection, or a URL that does not parse, is a mistake in the arguments: 2 in every command.
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'BAD_URL')) {
      io.err(redactor.scrub(`poolscope ${command.name}: ${err.message}\n  ${err.hint}`));
      return EXIT.usage;
    }
    const e = err as { message?: string; hint?: string };
    io.err(redactor.scrub(`poolscope ${command.name}: ${e.message ?? String(err)}${e.hint ? `\n  ${e.hint}` : ''}`));
    return EXIT.error;
  } finally {
    await ctx.close();
  }
}
