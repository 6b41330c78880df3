import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '@shared/contract';
import type { ApiErrorShape } from '@shared/errors';

/** `replaced`: the server answers again but refuses this page's token (it was restarted: a new token). */
export type BridgeStatus = 'connecting' | 'open' | 'closed' | 'replaced';

/** What the UI talks to. It never sees a transport directly; the bridge picks IPC or WebSocket at start. */
export interface Bridge {
  readonly transport: 'ipc' | 'ws';
  call<M extends MethodName>(method: M, ...input: {} extends MethodInput<M> ? [MethodInput<M>?] : [MethodInput<M>]): Promise<MethodOutput<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  readonly status: BridgeStatus;
}

/** A structured API error as a throwable, so `catch (e)` in the UI gets code, message and hint. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ApiErrorShape['code'];
  readonly hint: string;
  readonly details?: Record<string, unknown>;
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.hint = shape.hint;
    this.details = shape.details;
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError({ code: 'INTERNAL', message, hint: 'Try again; if it keeps happening, restart Poolscope.' });
}
