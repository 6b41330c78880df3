// `npm test`: everything a change must pass, in one command, on a fresh clone.
//   type-check (Node side and renderer) -> unit + integration (real PostgreSQL, MariaDB, SQLite)
//   -> build -> security scan -> e2e (Playwright in Chromium against serve mode)
// Stages can be picked: `npm test -- unit integration` (names: typecheck, unit, integration, build, security, e2e).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies } from './bootstrap.mjs';
import { ensureBuilt } from './build.mjs';
import { log, root, run, warn } from './lib.mjs';

const node = (script, args) => run(process.execPath, [join(root, 'node_modules', ...script.split('/')), ...args]);

const STAGES = {
  typecheck: async () => {
    const a = await node('typescript/bin/tsc', ['-p', 'tsconfig.node.json', '--noEmit']);
    const b = await node('typescript/bin/tsc', ['-p', 'tsconfig.web.json', '--noEmit']);
    const c = await node('typescript/bin/tsc', ['-p', 'tsconfig.e2e.json', '--noEmit']);
    return a || b || c;
  },
  unit: () => node('vitest/vitest.mjs', ['run', '--project', 'unit']),
  integration: () => node('vitest/vitest.mjs', ['run', '--project', 'integration']),
  build: async () => {
    try {
      await ensureBuilt({ force: true });
      return 0;
    } catch (err) {
      warn(err.message);
      return 1;
    }
  },
  security: () => (existsSync(join(root, 'scripts', 'security-scan.mjs')) ? run(process.execPath, [join(root, 'scripts', 'security-scan.mjs')]) : 0),
  e2e: async () => {
    const chromium = process.env.POOLSCOPE_CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(chromium)) {
      const msg = `Chromium is missing at ${chromium}: the e2e suite cannot run. Install it (Debian: apt-get install -y chromium) or set POOLSCOPE_CHROMIUM.`;
      if (process.env.CI === 'true' || process.env.CI === '1') {
        warn(msg);
        return 1;
      }
      warn(`${'!'.repeat(78)}\n${msg}\nE2E SKIPPED.\n${'!'.repeat(78)}`);
      return 0;
    }
    await ensureBuilt();
    return node('@playwright/test/cli.js', ['test']);
  },
};

async function main() {
  const picked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = picked.filter((s) => !(s in STAGES));
  if (unknown.length) {
    warn(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${Object.keys(STAGES).join(', ')}.`);
    process.exit(2);
  }
  await ensureDependencies();
  const stages = picked.length ? Object.keys(STAGES).filter((s) => picked.includes(s)) : Object.keys(STAGES);
  const results = [];
  for (const name of stages) {
    log(`── ${name} ${'─'.repeat(Math.max(0, 60 - name.length))}`);
    const started = Date.now();
    const code = await STAGES[name]();
    results.push({ name, code, seconds: (Date.now() - started) / 1000 });
  }
  log('Summary');
  for (const r of results) process.stdout.write(`  ${r.code === 0 ? '\x1b[32mpass\x1b[0m' : '\x1b[31mFAIL\x1b[0m'}  ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s\n`);
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length) {
    warn(`${failed.length} stage(s) failed: ${failed.map((r) => r.name).join(', ')}.`);
    process.exit(1);
  }
}

main().catch((err) => {
  warn(err.message);
  process.exit(1);
});
