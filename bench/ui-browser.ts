import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../src-main/shared/contract';

/** What the three browser benchmarks (ui-load, ui-export, ui-pool) share: serve mode, Chromium, timing in the page. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.POOLSCOPE_CHROMIUM ?? '/usr/bin/chromium';

export interface Served {
  proc: ChildProcess;
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/** The built serve mode (out/main/serve.js) on a free port, as a person runs it. */
export async function startServe(dataDir: string): Promise<Served> {
  const proc = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve mode did not start:\n${out}`)), 30_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (c) => reject(new Error(`serve mode exited with ${c}:\n${out}`)));
  });
  const u = new URL(url);
  return {
    proc,
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}

/** One API call over serve mode's socket (set-up only: opening pools, starting load runs). */
export async function callApi<M extends MethodName>(served: Served, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const ws = new WebSocket(`${served.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(served.token)}`, { origin: served.origin });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; id: number; ok: boolean; value?: unknown; error?: { message: string; hint: string } };
        if (msg.type !== 'result' || msg.id !== 1) return;
        if (msg.ok) resolve(msg.value as MethodOutput<M>);
        else reject(new Error(`${method} failed: ${msg.error!.message} (${msg.error!.hint})`));
      });
      ws.send(JSON.stringify({ id: 1, method, input }));
    });
  } finally {
    ws.close();
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

/** Collects long tasks (> 50 ms, PerformanceObserver 'longtask') into window.__long from the page's first moment. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(`window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });`);
}

export async function takeLongTasks(page: Page): Promise<number[]> {
  return (await page.evaluate('(() => { const l = window.__long; window.__long = []; return l; })()')) as number[];
}

/** Click, then wait until the selection shows and two frames were painted: what a person waits for. */
export async function timedClick(page: Page, selector: string, done: string): Promise<number> {
  // Browser-side code as text: this file is type-checked for Node, without the DOM's types.
  return page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector(${JSON.stringify(selector)}).click();
    const check = () => {
      if (document.querySelector(${JSON.stringify(done)})) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      else requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;
}
