/**
 * A small, strict argument parser: `--flag value`, `--flag=value`, boolean `--flag`, and
 * positionals. Unknown flags are errors that name the flag, so a typo never silently changes
 * what a command does.
 */
export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  description: string;
  /** Shown in help, e.g. "N" or "DIR". */
  value?: string;
  /** May be given several times (string flags); every value lands in `lists`, in order. */
  repeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | number | boolean>;
  /** Every value of a repeatable flag, in the order given. */
  lists?: Record<string, string[]>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  const lists: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const negated = name.startsWith('no-') && spec[name.slice(3)]?.type === 'boolean';
    const key = negated ? name.slice(3) : name;
    const flag = spec[key];
    if (!flag) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      const guess = closest(name, Object.keys(spec));
      throw new UsageError(`Unknown option --${name}.${guess ? ` Did you mean --${guess}?` : ''}${known ? ` Known options: ${known}.` : ''}`);
    }
    if (flag.type === 'boolean') {
      if (eq !== -1) {
        const v = arg.slice(eq + 1).toLowerCase();
        if (!['true', 'false', '1', '0', 'yes', 'no'].includes(v)) throw new UsageError(`--${key} takes true or false, not "${v}".`);
        flags[key] = ['true', '1', 'yes'].includes(v);
      } else flags[key] = !negated;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${key} needs a value${flag.value ? ` (${flag.value})` : ''}.`);
      i++;
    }
    if (flag.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${key} must be a number, not "${value}".`);
      flags[key] = n;
    } else {
      if (flag.repeatable) (lists[key] ??= []).push(value);
      flags[key] = value;
    }
  }
  return { positionals, flags, ...(Object.keys(lists).length ? { lists } : {}) };
}

export function formatFlags(spec: Record<string, FlagSpec>): string {
  const rows = Object.entries(spec).map(([k, f]) => [`--${k}${f.type === 'boolean' ? '' : ` ${f.value ?? (f.type === 'number' ? 'N' : 'VALUE')}`}`, f.description] as const);
  const width = Math.max(0, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps): how far a typo is from a name. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name a typo most likely meant ("lst" → "list", "datadir" → "data-dir"), or undefined when none is close. */
export function closest(typed: string, names: string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = Math.min(distance(t, name.toLowerCase()), distance(t.replace(/[-_]/g, ''), name.toLowerCase().replace(/[-_]/g, '')));
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : undefined;
}
