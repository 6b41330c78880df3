import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { redactor, type Redactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  readonly file: string | null;
}

export interface FileLoggerOptions {
  dir: string;
  /** Rotate when the current file passes this many bytes. */
  maxBytes?: number;
  /** How many rotated files to keep (poolscope.log.1 ... .N). */
  keep?: number;
  level?: LogLevel;
  echo?: boolean;
  redactor?: Redactor;
}

/**
 * A small rotating JSON-lines log for main-process events and errors. Writes are synchronous
 * appends: the volume is low (no per-query logging) and a crash never loses the line that explains it.
 * Every line passes through the redactor, so no secret reaches the disk.
 */
export function createFileLogger(opts: FileLoggerOptions): Logger {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const keep = opts.keep ?? 3;
  const threshold = ORDER[opts.level ?? 'info'];
  const scrub = opts.redactor ?? redactor;
  try {
    mkdirSync(opts.dir, { recursive: true });
  } catch {
    // A read-only data folder: the app still starts (read-only); its log lines are lost, as below.
  }
  const file = join(opts.dir, 'poolscope.log');
  let size = existsSync(file) ? statSync(file).size : 0;

  const rotate = () => {
    for (let i = keep; i >= 1; i--) {
      const from = i === 1 ? file : `${file}.${i - 1}`;
      const to = `${file}.${i}`;
      if (!existsSync(from)) continue;
      if (i === keep && existsSync(to)) unlinkSync(to);
      renameSync(from, to);
    }
    size = 0;
  };

  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...(data ? { data: normalise(data) } : {}) });
    } catch {
      line = JSON.stringify({ t: new Date().toISOString(), level, msg, data: '[unserialisable]' });
    }
    line = scrub.scrub(line) + '\n';
    try {
      if (size + line.length > maxBytes && size > 0) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // The log must never take the app down; a full or read-only disk loses log lines only.
    }
    if (opts.echo) process.stderr.write(line);
  };

  return {
    file,
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}

function normalise(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code } : v;
  }
  return out;
}

export const silentLogger: Logger = { file: null, debug() {}, info() {}, warn() {}, error() {} };
