import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a dependency-free .mjs script without type declarations
import { ScannerError, evaluate, normalizeFindings, scan } from './security-scan.mjs';

/** An Electron main file with the mistakes the scanner exists to find. */
const fixture = mkdtempSync(join(tmpdir(), 'poolscope-eneg-fixture-'));
writeFileSync(join(fixture, 'package.json'), JSON.stringify({ name: 'fixture', main: 'main.js', devDependencies: { electron: '41.7.1' } }));
writeFileSync(
  join(fixture, 'main.js'),
  "const { BrowserWindow } = require('electron');\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\nw.loadURL('http://example.com');\n",
);
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

// The one check that goes to the network (Electron's release list); offline it only waits.
const OFFLINE = { exclude: ['AvailableSecurityFixesGlobalCheck'] };

interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
  sample: string;
}

describe('security scan (issue 15 item 4: the CSV arrived torn about one run in four)', () => {
  it('reads the same complete findings on every run', async () => {
    const runs: Finding[][] = [];
    for (let i = 0; i < 3; i++) runs.push((await scan(fixture, '41.7.1', OFFLINE)) as Finding[]);
    const first = runs[0]!;
    expect(first.map((f) => f.check)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK']));
    for (const f of first) {
      expect(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']).toContain(f.severity);
      expect(f.file).toMatch(/\S/);
    }
    for (const r of runs) expect(r).toEqual(first);
    const { open } = evaluate(first, [{ check: 'SANDBOX_JS_CHECK', sample: 'BrowserWindow' }]);
    expect(open.map((f: Finding) => f.check)).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(open.map((f: Finding) => f.check)).not.toContain('SANDBOX_JS_CHECK');
  }, 120_000);

  it('a scanner that returns something broken is a failure of the scanner, named as such', () => {
    const issue = { id: 'SANDBOX_JS_CHECK', severity: { name: 'MEDIUM' }, confidence: { name: 'CERTAIN' }, file: 'main.js', location: { line: 1, column: 2 }, sample: 'x', description: 'd' };
    expect(normalizeFindings({ atomicChecks: 30, errors: [], issues: [issue] })).toEqual([
      { check: 'SANDBOX_JS_CHECK', severity: 'MEDIUM', confidence: 'CERTAIN', file: 'main.js', location: '1:2', sample: 'x', description: 'd' },
    ]);
    const broken = (result: unknown) => {
      try {
        normalizeFindings(result);
      } catch (err) {
        expect(err).toBeInstanceOf(ScannerError);
        return (err as Error).message;
      }
      throw new Error('accepted a broken result');
    };
    expect(broken(undefined)).toMatch(/returned nothing/);
    // What the torn CSV produced: a finding without its severity (then `padEnd` of undefined).
    expect(broken({ issues: [issue, { ...issue, severity: undefined }] })).toMatch(/finding 2 of 2 \(SANDBOX_JS_CHECK\) has no valid severity/);
    expect(broken({ issues: [{ ...issue, id: '' }] })).toMatch(/has no check id/);
    expect(broken({ issues: [], errors: [{ file: 'out/main/index.js', message: 'Unexpected token', tolerable: false }] })).toMatch(/could not analyse 1 file\(s\).*index\.js: Unexpected token/);
    expect(broken({ issues: [], atomicChecks: 0 })).toMatch(/loaded no checks/);
  });
});
