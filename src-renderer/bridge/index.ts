import { createIpcBridge, type PreloadApi } from './ipc-bridge';
import { createWsBridge } from './ws-bridge';
import type { Bridge } from './types';

declare global {
  interface Window {
    poolscope?: PreloadApi;
  }
}

const TOKEN_KEY = 'poolscope.token';

/** Electron when the preload is there, otherwise the WebSocket of the server that served this page. */
function pickBridge(): Bridge {
  if (window.poolscope && window.poolscope.transport === 'ipc') return createIpcBridge(window.poolscope);
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsBridge({ url: `${proto}//${window.location.host}/ws`, token });
}

export const bridge: Bridge = pickBridge();
export { ApiError, toApiError } from './types';
export type { Bridge, BridgeStatus } from './types';
