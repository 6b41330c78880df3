/**
 * SQLAlchemy's pool errors, with SQLAlchemy's exact text. `sqlalchemyText` is what str() of the
 * Python exception prints, including the "Background on this error" link SQLAlchemy appends.
 */
/**
 * Python's `'%0.2f' % x`: the exact binary value rounded, ties to even. JavaScript's toFixed rounds
 * exact ties up (0.125 -> "0.13", Python says "0.12"). A tie at two decimals is exactly an odd
 * multiple of 1/8 (x*8 odd); everything else already rounds the same on both sides.
 */
export function pyFixed2(x: number): string {
  const eighths = x * 8;
  if (Number.isInteger(eighths) && eighths % 2 !== 0 && Math.abs(eighths) < 2 ** 48) {
    const hundredths = x * 100; // exact: k + 0.5
    const down = Math.floor(hundredths);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 100).toFixed(2);
  }
  return x.toFixed(2);
}

export class PoolTimeoutError extends Error {
  readonly code = '3o7r';
  readonly kind = 'timeout';
  constructor(
    readonly poolSize: number,
    readonly overflow: number,
    readonly timeoutSec: number,
  ) {
    super(`QueuePool limit of size ${poolSize} overflow ${overflow} reached, connection timed out, timeout ${pyFixed2(timeoutSec)}`);
    this.name = 'TimeoutError';
  }

  get sqlalchemyText(): string {
    return `${this.message} (Background on this error at: https://sqlalche.me/e/20/${this.code})`;
  }
}

/** Raised when reconnection attempts on checkout are exhausted (pool/base.py). */
export class PoolInvalidRequestError extends Error {
  readonly kind = 'invalid-request';
  constructor(message = 'This connection is closed') {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

export class PoolClosedError extends Error {
  readonly kind = 'closed';
  constructor() {
    super('The pool was closed (its connection was closed, deleted or its settings changed).');
    this.name = 'PoolClosedError';
  }
}

/** A query failed because the session was gone; the connection (and older ones) were invalidated. */
export class DisconnectError extends Error {
  readonly kind = 'disconnect';
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'DisconnectError';
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== undefined) (this as { code?: unknown }).code = code;
  }
}
