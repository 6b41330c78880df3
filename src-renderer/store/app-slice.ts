import type { StateCreator } from 'zustand';
import type { AppInfo } from '@shared/contract/app';
import { bridge, toApiError, type ApiError, type BridgeStatus } from '../bridge';
import { saveThemePreference, storedThemePreference, type ThemePreference } from '../theme';
import type { StoreState } from './index';

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

export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set, get) => ({
  info: null,
  infoError: null,
  bridgeStatus: bridge.status,
  theme: storedThemePreference(),
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
    saveThemePreference(theme);
    set({ theme });
  },
  setBridgeStatus(status) {
    set({ bridgeStatus: status });
  },
});
