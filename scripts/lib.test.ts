import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const lib = new URL('./lib.mjs', import.meta.url).href;

/** A launcher that runs a child in the foreground; the child says when it is ready and how it was stopped. */
function launcher(): ReturnType<typeof spawn> {
  const child = `process.on('SIGTERM', () => { console.log('child stopped by SIGTERM'); process.exit(7); }); setInterval(() => {}, 1000); console.log('ready');`;
  const code = `import { runForeground } from ${JSON.stringify(lib)}; runForeground(process.execPath, ['-e', ${JSON.stringify(child)}]);`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

describe('runForeground (npm start / npm run serve)', () => {
  it('hands SIGTERM to the child and exits with the child\'s code', async () => {
    const proc = launcher();
    let out = '';
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      proc.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('ready')) resolve();
      }),
    );
    proc.kill('SIGTERM');
    expect(await exited).toBe(7);
    expect(out).toContain('child stopped by SIGTERM');
  });
});
