/**
 * Every step of a connection test can be cancelled and has a deadline. Steps that cannot be
 * interrupted themselves (getaddrinfo, a driver's handshake) are raced instead, and whatever they
 * produce after the race was lost is handed to a clean-up function, so nothing stays open.
 */

export class StepTimeout extends Error {
  readonly code = 'POOLSCOPE_TIMEOUT';
  constructor(
    readonly ms: number,
    readonly what: string,
  ) {
    super(`${what} did not finish within ${formatSeconds(ms)}`);
    this.name = 'StepTimeout';
  }
}

export class TestCancelled extends Error {
  readonly code = 'POOLSCOPE_CANCELLED';
  constructor() {
    super('The test was cancelled.');
    this.name = 'TestCancelled';
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new TestCancelled();
}

/**
 * Waits for `work` unless the signal aborts or the deadline passes first. A late result is given
 * to `abandon` (to close a connection nobody will use); a late rejection is swallowed.
 */
export function race<T>(work: Promise<T>, opts: { signal: AbortSignal; timeoutMs?: number; what: string; abandon?: (value: T) => void }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => finish(() => reject(new TestCancelled()));
    const timer = opts.timeoutMs !== undefined ? setTimeout(() => finish(() => reject(new StepTimeout(opts.timeoutMs!, opts.what))), opts.timeoutMs) : undefined;
    if (opts.signal.aborted) return onAbort();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        if (settled) opts.abandon?.(value);
        else finish(() => resolve(value));
      },
      (err: unknown) => finish(() => reject(err)),
    );
  });
}
