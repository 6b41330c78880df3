import { dispatch, type Handlers } from '../api/dispatch';
import type { EventBus } from '../core/events/bus';
import type { Logger } from '../core/logging/logger';
import { METHOD_NAMES, eventChannel } from '../shared/contract';
import type { Result } from '../shared/errors';
import { originOf } from '../shared/origin';

/** The parts of Electron's IPC objects this transport uses; typed structurally so it is testable without Electron. */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}
export interface IpcInvokeEventLike {
  senderFrame: SenderFrameLike | null;
  sender: { id: number };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  id: number;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  handlers: Handlers;
  bus: EventBus;
  logger: Logger;
  /** The only web contents allowed to call and to receive events. */
  target: () => WebContentsLike | null;
  /** Origins the app's own UI is loaded from (app://poolscope, or the dev server). */
  trustedOrigins: string[];
}

/**
 * Electron transport: one `ipcMain.handle` per contract method (the channel is the method name,
 * derived from the contract), each behind the sender check and the shared dispatch wrapper.
 */
export function registerIpcTransport(opts: IpcTransportOptions): () => void {
  const isTrusted = (event: IpcInvokeEventLike): boolean => {
    const target = opts.target();
    const frame = event.senderFrame;
    if (!target || !frame || event.sender.id !== target.id) return false;
    // Only the top-level frame of our own window, loaded from our own origin.
    if (frame.parent !== null) return false;
    const origin = originOf(frame.url);
    return origin !== null && opts.trustedOrigins.includes(origin);
  };

  for (const name of METHOD_NAMES) {
    opts.ipcMain.handle(name, async (event, input): Promise<Result<unknown>> => {
      if (!isTrusted(event)) {
        opts.logger.warn('ipc call refused', { method: name, url: event.senderFrame?.url ?? null });
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: `${name} was called from a frame that is not Poolscope's window.`, hint: 'Only the app\'s own UI may call its API.' },
        };
      }
      return dispatch(opts.handlers, name, input, { transport: 'ipc' }, opts.logger);
    });
  }

  const unsubscribe = opts.bus.subscribe((name, payload) => {
    const target = opts.target();
    if (target && !target.isDestroyed()) target.send(eventChannel(name), payload);
  });

  return () => {
    unsubscribe();
    for (const name of METHOD_NAMES) opts.ipcMain.removeHandler(name);
  };
}
