import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** Targets checked against the figures, each with its verdict. */
  verdicts?: Array<{ target: string; ok: boolean; detail: string }>;
}

export interface BenchResult {
  name: string;
  tables: BenchTable[];
  /** Raw figures for the JSON file. */
  data: unknown;
}

export interface Bench {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}

const here = dirname(fileURLToPath(import.meta.url));

export function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? 'unknown', cores: c.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
}

export function printTable(t: BenchTable): void {
  const cells = [t.columns, ...t.rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number>) => r.map((c, i) => String(c ?? '').padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${t.title}\n${line(t.columns)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${cells.slice(1).map(line).join('\n')}\n`);
  for (const v of t.verdicts ?? []) process.stdout.write(`  ${v.ok ? 'PASS' : 'MISS'}  ${v.target}: ${v.detail}\n`);
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function writeResult(result: BenchResult): string {
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  writeFileSync(file, JSON.stringify({ name: result.name, at: new Date().toISOString(), machine: machine(), tables: result.tables, data: result.data }, null, 2));
  return file;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Interquartile range (Q3 - Q1, linear interpolation): the spread printed beside a median. */
export function iqr(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length < 2) return 0;
  const q = (p: number) => {
    const x = (s.length - 1) * p;
    const lo = Math.floor(x);
    const hi = Math.ceil(x);
    return s[lo]! + (s[hi]! - s[lo]!) * (x - lo);
  };
  return q(0.75) - q(0.25);
}
