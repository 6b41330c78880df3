import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../test/tmp';
import { median, percentile, type Bench, type BenchTable } from './harness';

/**
 * How long the command line takes from process start to exit, as a user runs it
 * (`node bin/poolscope.cjs ...`, the package's `bin`, the CLI already built). Each command runs RUNS times after a warm-up;
 * an empty `node -e ""` is timed in the same run as the floor no command can beat.
 */
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 21);
const TARGET_MS = 150;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'poolscope.cjs');

type Timing = { median: number; p90: number; status: number | null };

/**
 * Times several commands RUNS times each after one warm-up each, interleaved (floor, --help, list,
 * floor, ...), so a change in the machine's load hits every row alike.
 */
function timeInterleaved(commands: string[][], env: NodeJS.ProcessEnv): Timing[] {
  const ms: number[][] = commands.map(() => []);
  const status: Array<number | null> = commands.map(() => 0);
  for (let i = 0; i <= RUNS; i++) {
    commands.forEach((args, c) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
      const t1 = performance.now();
      status[c] = r.status;
      if (i > 0) ms[c]!.push(t1 - t0);
    });
  }
  return ms.map((xs, c) => {
    xs.sort((a, b) => a - b);
    return { median: median(xs), p90: percentile(xs, 90), status: status[c]! };
  });
}

export const cliStartBench: Bench = {
  name: 'cli-start',
  description: `process start to exit of \`poolscope --help\` and \`poolscope list\` (target: within ${TARGET_MS} ms), beside an empty node process`,
  async run() {
    const data = tempDir('poolscope-bench-cli-');
    try {
      const env = { ...process.env, POOLSCOPE_DATA_DIR: data.path };
      // First run builds the CLI if needed and creates the data folder; not timed.
      spawnSync(process.execPath, [bin, 'list'], { env, stdio: 'ignore' });
      const [floor, help, list] = timeInterleaved([['-e', ''], [bin, '--help'], [bin, 'list']], env) as [Timing, Timing, Timing];
      const rows: BenchTable['rows'] = [
        ['node -e ""', floor.median, floor.p90, ''],
        ['poolscope --help', help.median, help.p90, help.median - floor.median],
        ['poolscope list', list.median, list.p90, list.median - floor.median],
      ];
      const verdicts = [
        { target: `poolscope --help within ${TARGET_MS} ms`, ok: help.median <= TARGET_MS && help.status === 0, detail: `${help.median.toFixed(0)} ms median (exit ${help.status})` },
        { target: `poolscope list within ${TARGET_MS} ms`, ok: list.median <= TARGET_MS && list.status === 0, detail: `${list.median.toFixed(0)} ms median (exit ${list.status})` },
      ];
      return {
        name: 'cli-start',
        tables: [{ title: `Process start to exit, ${RUNS} runs each after a warm-up, the three interleaved`, columns: ['command', 'median ms', 'p90 ms', 'over empty node ms'], rows, verdicts }],
        data: { floor, help, list },
      };
    } finally {
      data.cleanup();
    }
  },
};
