import { contextBridge, ipcRenderer } from 'electron';
import { METHOD_NAMES, EVENT_NAMES, eventChannel, type EventName } from './shared/contract';

// One function per contract method, generated from the contract: no hand-kept channel list and
// no raw `invoke(channel)` for the page to abuse.
const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
for (const name of METHOD_NAMES) {
  methods[name] = (input?: unknown) => ipcRenderer.invoke(name, input ?? {});
}

function on(name: EventName, listener: (payload: unknown) => void): () => void {
  if (!EVENT_NAMES.includes(name)) throw new Error(`Unknown event ${String(name)}`);
  if (typeof listener !== 'function') throw new Error('listener must be a function');
  const channel = eventChannel(name);
  const wrapped = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

contextBridge.exposeInMainWorld('poolscope', { transport: 'ipc', methods, on });
