import type { StateCreator } from 'zustand';
import type { PoolSnapshotDto } from '@shared/pool-types';
import type { PoolSettings } from '@shared/profile';
import { bridge, toApiError, type ApiError } from '../bridge';
import { seed } from '../features/pool/live';
import type { StoreState } from './index';

export interface PoolSlice {
  poolSnapshots: Record<string, PoolSnapshotDto | null>;
  poolErrors: Record<string, ApiError | null>;
  poolBusy: Record<string, boolean>;
  /** Set when opening needs the password of an "ask on connect" connection. */
  passwordPromptFor: string | null;
  loadPoolSnapshot(id: string): Promise<void>;
  openPool(id: string, password?: string): Promise<void>;
  closePool(id: string): Promise<void>;
  applyPoolSettings(id: string, settings: PoolSettings): Promise<boolean>;
  setPasswordPrompt(id: string | null): void;
}

export const createPoolSlice: StateCreator<StoreState, [], [], PoolSlice> = (set, get) => {
  const patch = <K extends 'poolSnapshots' | 'poolErrors' | 'poolBusy'>(key: K, id: string, value: PoolSlice[K][string]) =>
    set({ [key]: { ...get()[key], [id]: value } } as unknown as Pick<PoolSlice, K>);
  return {
    poolSnapshots: {},
    poolErrors: {},
    poolBusy: {},
    passwordPromptFor: null,
    async loadPoolSnapshot(id) {
      try {
        const snap = await bridge.call('pools.snapshot', { id });
        if (snap) seed(snap);
        patch('poolSnapshots', id, snap);
      } catch (err) {
        patch('poolErrors', id, toApiError(err));
      }
    },
    async openPool(id, password) {
      patch('poolBusy', id, true);
      patch('poolErrors', id, null);
      try {
        const snap = await bridge.call('pools.open', { id, ...(password !== undefined ? { password } : {}) });
        seed(snap);
        patch('poolSnapshots', id, snap);
        set({ passwordPromptFor: null });
      } catch (err) {
        const e = toApiError(err);
        if (e.details?.needsPassword) set({ passwordPromptFor: id });
        else patch('poolErrors', id, e);
      } finally {
        patch('poolBusy', id, false);
      }
    },
    async closePool(id) {
      patch('poolBusy', id, true);
      try {
        await bridge.call('pools.close', { id });
        patch('poolSnapshots', id, null);
      } catch (err) {
        patch('poolErrors', id, toApiError(err));
      } finally {
        patch('poolBusy', id, false);
      }
    },
    async applyPoolSettings(id, settings) {
      patch('poolBusy', id, true);
      patch('poolErrors', id, null);
      try {
        const snap = await bridge.call('pools.applySettings', { id, settings });
        seed(snap);
        patch('poolSnapshots', id, snap);
        get().toast('success', 'Pool rebuilt with the new settings.');
        return true;
      } catch (err) {
        patch('poolErrors', id, toApiError(err));
        return false;
      } finally {
        patch('poolBusy', id, false);
      }
    },
    setPasswordPrompt(id) {
      set({ passwordPromptFor: id });
    },
  };
};
