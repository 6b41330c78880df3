import { createIpcBridge, type PreloadApi } from './ipc-bridge';
import { createWsBridge } from './ws-bridge';
import type { Bridge } from './types';

declare global {
  interface Window {
    poolscope?: PreloadApi;
  }
}

/** Where earlier versions kept the serve token; removed on load. */
const OLD_TOKEN_KEY = 'poolscope.token';

/**
 * Electron when the preload is there, otherwise the WebSocket of the server that served this page.
 * Serve mode: the token is read once from the address bar and then removed from it (so it is in
 * no history entry, bookmark or screenshot of the URL) and kept only in memory; the server's
 * HttpOnly cookie lets a reload and the socket in without it.
 */
function pickBridge(): Bridge {
  if (window.poolscope && window.poolscope.transport === 'ipc') return createIpcBridge(window.poolscope);
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? '';
  sessionStorage.removeItem(OLD_TOKEN_KEY);
  if (params.has('token')) {
    params.delete('token');
    const search = params.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
  }
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsBridge({ url: `${proto}//${window.location.host}/ws`, token });
}

export const bridge: Bridge = pickBridge();
export { ApiError, toApiError } from './types';
export type { Bridge, BridgeStatus } from './types';
