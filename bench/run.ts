import { cliStartBench } from './cli-start.bench';
import { driversBench } from './drivers.bench';
import { poolBench } from './pool.bench';
import { poolMemoryBench } from './pool-memory.bench';
import { typemapBench } from './typemap.bench';
import { uiBench, uiExportBench } from './ui.bench';
import { uiLoadBench } from './ui-load.bench';
import { uiPoolBench } from './ui-pool.bench';
import { machine, printTable, writeResult, type Bench } from './harness';

/** `npm run bench [name ...]`: every benchmark prints its tables and writes bench/results/<name>.json. */
const BENCHES: Bench[] = [driversBench, poolBench, poolMemoryBench, typemapBench, cliStartBench, uiLoadBench, uiExportBench, uiPoolBench, uiBench];

async function main() {
  const picked = process.argv.slice(2);
  const unknown = picked.filter((p) => !BENCHES.some((b) => b.name === p));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  const m = machine();
  process.stdout.write(`Poolscope benchmarks on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, ${m.platform}\n`);
  for (const bench of BENCHES.filter((b) => picked.length === 0 || picked.includes(b.name))) {
    process.stdout.write(`\n== ${bench.name}: ${bench.description}\n`);
    const result = await bench.run();
    result.tables.forEach(printTable);
    process.stdout.write(`  -> ${writeResult(result)}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
