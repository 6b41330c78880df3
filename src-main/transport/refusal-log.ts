import type { Logger } from '../core/logging/logger';

export interface RefusalLogOptions {
  /** Lines logged per window; further refusals are only counted. */
  max?: number;
  windowMs?: number;
  /** Longest value logged per field: a refused request's headers are chosen by whoever sent it. */
  maxChars?: number;
  now?: () => number;
}

/**
 * Logging for refused requests, which anyone on this machine (or a web page in a browser) can
 * send without the token: each field is cut to `maxChars`, and at most `max` lines are written per
 * window, with one line counting the rest when the next window starts. The log then costs the
 * same whether a page sends ten refused requests or ten thousand.
 */
export function refusalLog(logger: Logger, opts: RefusalLogOptions = {}): (msg: string, data: Record<string, string | number>) => void {
  const max = opts.max ?? 10;
  const windowMs = opts.windowMs ?? 60_000;
  const maxChars = opts.maxChars ?? 200;
  const now = opts.now ?? (() => performance.now());
  let windowStart = -Infinity;
  let logged = 0;
  let suppressed = 0;
  return (msg, data) => {
    const t = now();
    if (t - windowStart >= windowMs) {
      if (suppressed > 0) logger.warn('refused requests not logged', { count: suppressed, windowSeconds: Math.round(windowMs / 1000) });
      windowStart = t;
      logged = 0;
      suppressed = 0;
    }
    if (logged >= max) {
      suppressed++;
      return;
    }
    logged++;
    const capped: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(data)) capped[k] = typeof v === 'string' ? cut(v, maxChars) : v;
    logger.warn(msg, capped);
  };
}

/** The first `max` characters and how many were left out. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
