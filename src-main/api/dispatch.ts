import type { z } from 'zod';
import { AppError, type ApiErrorShape, type Result } from '../shared/errors';
import { isMethodName, methods, type MethodName, type MethodOutput, type ParsedInput } from '../shared/contract';
import type { Logger } from '../core/logging/logger';
import { redactor } from '../core/logging/redact';
import { storageError } from '../core/db/app-db';

export type TransportKind = 'ipc' | 'ws' | 'cli' | 'test';

export interface HandlerContext {
  transport: TransportKind;
  /** Aborted when the client goes away (socket closed), for long-running work. */
  signal?: AbortSignal;
}

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, ctx: HandlerContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

/**
 * The one wrapper every call goes through, whatever the transport: unknown method, input
 * validation against the contract's zod schema, and any exception turned into a structured
 * `{code, message, hint}` error with secrets scrubbed. It never throws.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  ctx: HandlerContext,
  logger: Logger,
): Promise<Result<unknown>> {
  if (!isMethodName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : typeof name;
    return fail(new AppError('UNKNOWN_METHOD', `There is no method ${shown}.`, 'Check the method name against the API contract (src-main/shared/contract).'));
  }
  const spec = methods[name];
  const parsed = (spec.input as z.ZodType).safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) return fail(badInput(name, parsed.error));
  try {
    const handler = handlers[name] as (input: unknown, ctx: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return fail(err);
    const storage = storageError(err);
    if (storage) {
      logger.warn('storage failure', { method: name, code: (err as { code?: string }).code });
      return fail(storage);
    }
    logger.error('handler failed', { method: name, error: err as Error, stack: (err as Error)?.stack?.split('\n').slice(0, 6).join(' | ') });
    return fail(
      new AppError(
        'INTERNAL',
        `${name} failed: ${err instanceof Error ? err.message : String(err)}`,
        'This is a bug in Poolscope. The details are in the log file in the data folder.',
      ),
    );
  }
}

function fail(err: AppError): Result<never> {
  const shape: ApiErrorShape = err.toShape();
  return { ok: false, error: { ...shape, message: redactor.scrub(shape.message), hint: redactor.scrub(shape.hint) } };
}

function badInput(name: string, error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.map(String).join('.') : '(input)';
    return `${path}: ${i.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  const first = error.issues[0];
  return new AppError(
    'BAD_INPUT',
    `${name} got invalid input: ${issues.join('; ')}${more}.`,
    'Correct the named fields and try again; nothing was changed.',
    first ? { field: first.path.map(String).join('.') } : undefined,
  );
}
