// Runs Electron's security scanner (@doyensec/electronegativity) over the built app and fails on
// any HIGH or MEDIUM finding that has not been reviewed and explained in
// security/electronegativity-reviewed.json. Part of `npm test` (stage "security").
//
// The scanner is called through its library entry (`run(options)` returns the findings as
// objects), not through its command line: the CLI's CSV writer starts two unsynchronised
// fs.writeFile calls (the header with flag "w", the rows with flag "a"), so about one run in four
// the header truncated the first row and a finding arrived with fields missing. Objects in
// memory cannot be torn; each one is still checked, and a scanner that crashes or returns
// something unexpected is reported as a failure of the scanner, never as a clean scan.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, root, warn } from './lib.mjs';

const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

/** The scanner itself failed: its result says nothing about Poolscope's code. */
export class ScannerError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ScannerError';
  }
}

/** Checks the scanner's result object and flattens each finding; anything malformed is a ScannerError. */
export function normalizeFindings(result) {
  if (!result || typeof result !== 'object' || !Array.isArray(result.issues)) {
    throw new ScannerError(`electronegativity returned ${result === undefined ? 'nothing' : 'a result without an issues list'}`);
  }
  const notParsed = (Array.isArray(result.errors) ? result.errors : []).filter((e) => !e.tolerable);
  if (notParsed.length) {
    throw new ScannerError(`electronegativity could not analyse ${notParsed.length} file(s), so the scan is incomplete: ${notParsed.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  }
  if (typeof result.atomicChecks === 'number' && result.atomicChecks === 0) throw new ScannerError('electronegativity loaded no checks');
  // The scanner reads files concurrently, so its order changes between runs (CI saw a package.json
  // finding before main.js's in one run and after it in the next): sorted here, the report is stable.
  return result.issues.map((issue, i) => {
    const severity = issue?.severity?.name;
    const check = issue?.id;
    const where = `finding ${i + 1} of ${result.issues.length}`;
    if (typeof check !== 'string' || check === '') throw new ScannerError(`${where} has no check id`);
    if (!SEVERITIES.includes(severity)) throw new ScannerError(`${where} (${check}) has no valid severity (${JSON.stringify(severity)})`);
    if (typeof issue.file !== 'string') throw new ScannerError(`${where} (${check}) names no file`);
    const line = issue.location?.line;
    const column = issue.location?.column;
    return {
      check,
      severity,
      confidence: String(issue.confidence?.name ?? ''),
      file: issue.file,
      location: line === undefined ? '' : `${line}:${column ?? 0}`,
      sample: typeof issue.sample === 'string' ? issue.sample : '',
      description: String(issue.description ?? ''),
    };
  }).sort(byPlace);
}

function byPlace(a, b) {
  const at = (f) => f.location.split(':').map(Number);
  const [al = 0, ac = 0] = at(a);
  const [bl = 0, bc = 0] = at(b);
  return a.file.localeCompare(b.file) || al - bl || ac - bc || a.check.localeCompare(b.check) || a.sample.localeCompare(b.sample);
}

/** HIGH and MEDIUM findings, and those among them no review explains. */
export function evaluate(findings, reviewed) {
  if (!Array.isArray(reviewed)) throw new ScannerError('security/electronegativity-reviewed.json has no "reviewed" list');
  const explained = (f) => reviewed.find((r) => r.check === f.check && f.sample.includes(r.sample));
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const open = serious.filter((f) => !explained(f));
  const lines = findings.map((f) => {
    const status = explained(f) ? 'reviewed' : f.severity === 'LOW' || f.severity === 'INFORMATIONAL' ? 'note' : 'OPEN';
    return `  ${f.severity.padEnd(6)} ${f.check.padEnd(24)} ${`${f.file}:${f.location}`.padEnd(44)} ${status}`;
  });
  return { serious, open, lines };
}

/** Runs electronegativity's library entry over a folder; findings, or a ScannerError. `exclude`: check names to skip. */
export async function scan(input, electronVersion, { exclude = [] } = {}) {
  let run;
  try {
    run = createRequire(import.meta.url)('@doyensec/electronegativity');
  } catch (err) {
    throw new ScannerError(`@doyensec/electronegativity could not be loaded (${err.message}); run npm install`);
  }
  let result;
  try {
    result = await run(
      { input, isRelative: true, isVerbose: false, customScan: [], excludeFromScan: [...exclude], parserPlugins: [], electronUpgrade: undefined, electronVersionOverride: electronVersion },
      false,
    );
  } catch (err) {
    throw new ScannerError(`electronegativity crashed: ${err?.stack ?? err}`);
  }
  return normalizeFindings(result);
}

async function main() {
  const { ensureBuilt } = await import('./build.mjs');
  await ensureBuilt();
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  let findings;
  let result;
  try {
    findings = await scan(join(root, 'out'), electronVersion);
    result = evaluate(findings, JSON.parse(readFileSync(join(root, 'security', 'electronegativity-reviewed.json'), 'utf8')).reviewed);
  } catch (err) {
    if (!(err instanceof ScannerError) && !(err instanceof SyntaxError)) throw err;
    warn(
      `The security scan itself failed, so nothing was checked: ${err.message}\n` +
        '  This is a failure of the scanner (or of its review file), not a finding in Poolscope. Run `node scripts/security-scan.mjs` again; if it keeps failing, report it with this message.',
    );
    process.exit(2);
  }
  const { serious, open, lines } = result;
  log(`electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${serious.length} HIGH/MEDIUM, ${serious.length - open.length} reviewed and explained.`);
  for (const l of lines) process.stdout.write(`${l}\n`);
  if (open.length) {
    warn(`${open.length} HIGH/MEDIUM finding(s) have no explanation in security/electronegativity-reviewed.json:`);
    for (const f of open) process.stderr.write(`  ${f.check} ${f.file}:${f.location}: ${f.description}\n    ${f.sample}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    warn(`The security scan itself failed: ${err?.stack ?? err}`);
    process.exit(2);
  });
}
