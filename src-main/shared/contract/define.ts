import type { z } from 'zod';

/**
 * A contract entry: the zod schema validates what crosses the boundary, the phantom `output`
 * field carries the result type to the typed clients. Declared once, used by the handlers,
 * the preload and the renderer's bridge alike.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly kind: 'method';
  readonly input: I;
  readonly summary: string;
  /** Phantom: never read at run time, only carries the output type. */
  readonly output?: O;
}

export interface EventSpec<P = unknown> {
  readonly kind: 'event';
  readonly summary: string;
  /** Phantom: never read at run time, only carries the payload type. */
  readonly payload?: P;
}

export function method<I extends z.ZodType>(input: I, summary: string) {
  return {
    returns<O>(): MethodSpec<I, O> {
      return { kind: 'method', input, summary };
    },
  };
}

export function event<P>(summary: string): EventSpec<P> {
  return { kind: 'event', summary };
}
