import type { StateCreator } from 'zustand';
import type { AppInfo } from '@shared/contract/app';
import { bridge, toApiError, type ApiError, type BridgeStatus } from '../bridge';
import type { StoreState } from './index';

export type ThemePreference = 'system' | 'light' | 'dark';
const THEME_KEY = 'poolscope.theme';

export interface AppSlice {
  info: AppInfo | null;
  infoError: ApiError | null;
  bridgeStatus: BridgeStatus;
  theme: ThemePreference;
  loadInfo(): Promise<void>;
  dismissNotice(id: string): Promise<void>;
  setTheme(theme: ThemePreference): void;
  setBridgeStatus(status: BridgeStatus): void;
}

function storedTheme(): ThemePreference {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  return v === 'light' || v === 'dark' ? v : 'system';
}

export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set, get) => ({
  info: null,
  infoError: null,
  bridgeStatus: bridge.status,
  theme: storedTheme(),
  async loadInfo() {
    try {
      set({ info: await bridge.call('app.info'), infoError: null });
    } catch (err) {
      set({ infoError: toApiError(err) });
    }
  },
  async dismissNotice(id) {
    await bridge.call('app.dismissNotice', { id });
    const info = get().info;
    if (info) set({ info: { ...info, notices: info.notices.filter((n) => n.id !== id) } });
  },
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  setBridgeStatus(status) {
    set({ bridgeStatus: status });
  },
});
