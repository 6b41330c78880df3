import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { Core } from './core/core';
import { appRoot, defaultDataDir } from './core/paths';
import { createHandlers } from './api';
import { startWsServer } from './transport/ws-server';
import { parseArgs, formatFlags, UsageError, type FlagSpec } from './cli/args';

const FLAGS: Record<string, FlagSpec> = {
  port: { type: 'number', value: 'PORT', description: 'Port on 127.0.0.1 (default: a free one).' },
  'data-dir': { type: 'string', value: 'DIR', description: 'Where saved connections live (default: the per-user data folder).' },
  open: { type: 'boolean', description: 'Open the UI in the default browser.' },
  verbose: { type: 'boolean', description: 'Echo log lines to stderr.' },
  help: { type: 'boolean', description: 'Show this help.' },
};

/** Serve mode: the same core as the desktop app, over a loopback WebSocket, with the built UI. */
export async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs(argv, FLAGS);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`poolscope serve: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (args.flags.help) {
    process.stdout.write(`Usage: npm run serve -- [options]\n\n${formatFlags(FLAGS)}\n`);
    return;
  }
  const port = (args.flags.port as number | undefined) ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`poolscope serve: --port must be between 0 and 65535, not ${port}.\n`);
    process.exit(2);
  }
  const dataDir = resolve((args.flags['data-dir'] as string | undefined) ?? defaultDataDir());
  const rendererDir = join(appRoot(), 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write('poolscope serve: the UI is not built yet. Run `npm run build` first (npm start and npm run serve do it).\n');
    process.exit(1);
  }

  const core = new Core({ dataDir, mode: 'serve', logEcho: Boolean(args.flags.verbose) });
  process.on('unhandledRejection', (reason) => core.logger.error('unhandled rejection', { error: reason as Error }));
  process.on('uncaughtException', (err) => core.logger.error('uncaught exception', { error: err }));

  const handlers = createHandlers(core);
  let server;
  try {
    server = await startWsServer({ handlers, bus: core.bus, logger: core.logger, port, rendererDir });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `poolscope serve: port ${port} is already in use. Pick another with --port, or leave it out to get a free one.\n`
        : `poolscope serve: could not listen: ${(err as Error).message}\n`,
    );
    await core.close();
    process.exit(1);
  }
  core.logger.info('serve mode listening', { port: server.port });
  process.stdout.write(
    `Poolscope is serving on 127.0.0.1 only.\n` +
      `  Open: ${server.url}\n` +
      `  Data: ${dataDir}\n` +
      `The token in the URL changes at every start. Press Ctrl+C to stop.\n`,
  );
  if (args.flags.open) openBrowser(server.url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.logger.info('serve mode stopping', { signal });
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stdout.write('(No browser could be opened here: open the URL above yourself.)\n'));
    child.unref();
  } catch {
    process.stdout.write('(No browser could be opened here: open the URL above yourself.)\n');
  }
}

void main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`poolscope serve: ${(err as Error).message}\n`);
  process.exit(1);
});
