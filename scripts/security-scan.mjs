// Runs Electron's security scanner (@doyensec/electronegativity) over the built app and fails on
// any HIGH or MEDIUM finding that has not been reviewed and explained in
// security/electronegativity-reviewed.json. Part of `npm test` (stage "security").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './build.mjs';
import { log, root, warn } from './lib.mjs';

function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const cells = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') (cells.push(cur.trim()), (cur = ''));
      else cur += c;
    }
    cells.push(cur.trim());
    const [check, severity, confidence, file, location, sample, description] = cells;
    rows.push({ check, severity, confidence, file, location, sample, description });
  }
  return rows;
}

async function main() {
  await ensureBuilt();
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const tmp = mkdtempSync(join(tmpdir(), 'poolscope-eneg-'));
  const csv = join(tmp, 'findings.csv');
  const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  const r = spawnSync(process.execPath, [bin, '-i', join(root, 'out'), '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) {
    warn(`electronegativity failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  const findings = parseCsv(readFileSync(csv, 'utf8'));
  rmSync(tmp, { recursive: true, force: true });
  const reviewed = JSON.parse(readFileSync(join(root, 'security', 'electronegativity-reviewed.json'), 'utf8')).reviewed;
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const explained = (f) => reviewed.find((r) => r.check === f.check && (f.sample ?? '').includes(r.sample));
  const open = serious.filter((f) => !explained(f));
  log(`electronegativity ${electronVersion === undefined ? '' : `(Electron ${electronVersion})`}: ${findings.length} finding(s), ${serious.length} HIGH/MEDIUM, ${serious.length - open.length} reviewed and explained.`);
  for (const f of findings) {
    const e = explained(f);
    process.stdout.write(`  ${f.severity.padEnd(6)} ${f.check.padEnd(24)} ${`${f.file}:${f.location}`.padEnd(44)} ${e ? 'reviewed' : f.severity === 'LOW' || f.severity === 'INFORMATIONAL' ? 'note' : 'OPEN'}\n`);
  }
  if (open.length) {
    warn(`${open.length} HIGH/MEDIUM finding(s) have no explanation in security/electronegativity-reviewed.json:`);
    for (const f of open) process.stderr.write(`  ${f.check} ${f.file}:${f.location}: ${f.description}\n    ${f.sample}\n`);
    process.exit(1);
  }
}

main().catch((err) => {
  warn(err.message);
  process.exit(1);
});
