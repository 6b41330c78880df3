/**
 * Structured errors: every failure that crosses the API boundary has a stable code a program can
 * branch on, a message that names what failed, and a hint that says what to do next.
 */
export const ERROR_CODES = [
  'BAD_INPUT',
  'BAD_MESSAGE',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNSUPPORTED',
  'CANCELLED',
  'TIMEOUT',
  'CONNECTION_FAILED',
  'AUTH_FAILED',
  'BAD_URL',
  'SECRET_UNAVAILABLE',
  'DB_ERROR',
  'POOL_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  hint: string;
  /** Optional machine-readable details, e.g. which field or which part of a URL was wrong. */
  details?: Record<string, unknown>;
}

export class AppError extends Error implements ApiErrorShape {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, hint: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.details ? { details: this.details } : {}) };
  }
}

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}

/** The envelope every transport carries: a value or a structured error, never a thrown exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
