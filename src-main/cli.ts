import { runCli } from './cli/main';

void runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`poolscope: ${(err as Error).message ?? String(err)}\n`);
    process.exitCode = 3;
  },
);
