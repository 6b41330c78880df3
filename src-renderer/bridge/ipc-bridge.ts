import type { Result } from '@shared/errors';
import { ApiError, type Bridge, type BridgeStatus } from './types';

/** The object the Electron preload exposes: one function per contract method, plus event subscription. */
export interface PreloadApi {
  transport: 'ipc';
  methods: Record<string, (input?: unknown) => Promise<Result<unknown>>>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

export function createIpcBridge(api: PreloadApi): Bridge {
  return {
    transport: 'ipc',
    status: 'open' as BridgeStatus,
    async call(method, ...rest) {
      const fn = api.methods[method];
      if (!fn) throw new ApiError({ code: 'UNKNOWN_METHOD', message: `The preload does not expose ${method}.`, hint: 'Rebuild the app.' });
      const result = await fn(rest[0] ?? {});
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    on(name, listener) {
      return api.on(name, listener as (p: unknown) => void);
    },
    onStatus(listener) {
      listener('open');
      return () => undefined;
    },
  };
}
