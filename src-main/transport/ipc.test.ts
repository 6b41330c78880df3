import { describe, expect, it } from 'vitest';
import { registerIpcTransport, type IpcInvokeEventLike } from './ipc';
import { EventBus } from '../core/events/bus';
import { silentLogger } from '../core/logging/logger';
import { METHOD_NAMES, eventChannel } from '../shared/contract';
import type { Handlers } from '../api/dispatch';

function fakeIpc() {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    ipcMain: {
      handle: (channel: string, fn: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>) => void handlers.set(channel, fn),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
  };
}

const handlerImpl = new Proxy({} as Handlers, { get: () => () => ({ ok: 'called' }) });

describe('Electron IPC transport', () => {
  const target = { id: 7, isDestroyed: () => false, sent: [] as Array<[string, unknown]>, send(channel: string, payload: unknown) { this.sent.push([channel, payload]); } };
  const setup = () => {
    const ipc = fakeIpc();
    const bus = new EventBus();
    const off = registerIpcTransport({ ipcMain: ipc.ipcMain, handlers: handlerImpl, bus, logger: silentLogger, target: () => target, trustedOrigins: ['app://poolscope'] });
    return { ipc, bus, off };
  };
  const call = (ipc: ReturnType<typeof fakeIpc>, method: string, event: IpcInvokeEventLike) => ipc.handlers.get(method)!(event, {});
  const good: IpcInvokeEventLike = { sender: { id: 7 }, senderFrame: { url: 'app://poolscope/index.html', parent: null } };

  it('registers exactly one handler per contract method, derived from the contract', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('answers the main frame of the app window loaded from app://poolscope', async () => {
    const { ipc } = setup();
    expect(await call(ipc, 'app.info', good)).toEqual({ ok: true, value: { ok: 'called' } });
  });

  it('refuses another window, a subframe, a foreign origin and a missing frame, with a structured error', async () => {
    const { ipc } = setup();
    const refusals: IpcInvokeEventLike[] = [
      { ...good, sender: { id: 8 } },
      { ...good, senderFrame: { url: 'app://poolscope/index.html', parent: {} } },
      { ...good, senderFrame: { url: 'https://evil.example/', parent: null } },
      { ...good, senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { ...good, senderFrame: null },
      { ...good, senderFrame: { url: 'not a url', parent: null } },
    ];
    for (const event of refusals) {
      const r = (await call(ipc, 'connections.list', event)) as { ok: boolean; error: { code: string; hint: string } };
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('FORBIDDEN');
      expect(r.error.hint.length).toBeGreaterThan(0);
    }
  });

  it('forwards bus events to the window on their contract channel, and unregisters cleanly', () => {
    const { ipc, bus, off } = setup();
    bus.emit('connections.changed', { ids: ['a'] });
    expect(target.sent.at(-1)).toEqual([eventChannel('connections.changed'), { ids: ['a'] }]);
    off();
    expect(ipc.handlers.size).toBe(0);
    const before = target.sent.length;
    bus.emit('connections.changed', { ids: ['b'] });
    expect(target.sent.length).toBe(before);
  });
});
