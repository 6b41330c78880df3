import type { StateCreator } from 'zustand';
import type { PoolSnapshotDto } from '@shared/pool-types';
import type { PoolSettings } from '@shared/profile';
import { bridge, toApiError, type ApiError } from '../bridge';
import { seed } from '../features/pool/live';
import type { StoreState } from './index';
import type { SshSecretNeed } from '@shared/ssh';
import { SSH_SECRET_ATTEMPTS, sshSecretNeedOf } from './ssh-secret-slice';

/** Unsaved pool settings, with the saved settings they were edited from (a draft of older settings is void). */
export interface PoolDraft {
  base: PoolSettings;
  draft: PoolSettings;
}

/** The event log's filter chips and text. */
export interface EventFilter {
  shown: Record<string, boolean>;
  text: string;
}

export const DEFAULT_EVENT_FILTER: Readonly<EventFilter> = Object.freeze({ shown: { problems: true, lifecycle: true, traffic: false }, text: '' });

export interface PoolSlice {
  /** Per connection; kept here so that leaving the Pool tab keeps what was typed. */
  poolDrafts: Record<string, PoolDraft | undefined>;
  eventFilters: Record<string, EventFilter>;
  setPoolDraft(id: string, draft: PoolDraft | null): void;
  setEventFilter(id: string, patch: Partial<EventFilter>): void;
  poolSnapshots: Record<string, PoolSnapshotDto | null>;
  poolErrors: Record<string, ApiError | null>;
  poolBusy: Record<string, boolean>;
  loadPoolSnapshot(id: string): Promise<void>;
  /** Opens the pool; when the server needs the password of an "ask" connection, the prompt asks and opening is tried with it. */
  openPool(id: string, password?: string, attempt?: number): Promise<void>;
  /** Asks for the password, then opens the pool with it (nothing happens on Cancel). */
  openPoolAsking(id: string): Promise<void>;
  closePool(id: string): Promise<void>;
  applyPoolSettings(id: string, settings: PoolSettings): Promise<boolean>;
}

export const createPoolSlice: StateCreator<StoreState, [], [], PoolSlice> = (set, get) => {
  const patch = <K extends 'poolSnapshots' | 'poolErrors' | 'poolBusy'>(key: K, id: string, value: PoolSlice[K][string]) =>
    set({ [key]: { ...get()[key], [id]: value } } as unknown as Pick<PoolSlice, K>);
  return {
    poolSnapshots: {},
    poolErrors: {},
    poolBusy: {},
    poolDrafts: {},
    eventFilters: {},
    setPoolDraft(id, draft) {
      set({ poolDrafts: { ...get().poolDrafts, [id]: draft ?? undefined } });
    },
    setEventFilter(id, patch) {
      set({ eventFilters: { ...get().eventFilters, [id]: { ...(get().eventFilters[id] ?? DEFAULT_EVENT_FILTER), ...patch } } });
    },
    async loadPoolSnapshot(id) {
      try {
        const snap = await bridge.call('pools.snapshot', { id });
        if (snap) seed(snap);
        patch('poolSnapshots', id, snap);
      } catch (err) {
        patch('poolErrors', id, toApiError(err));
      }
    },
    async openPool(id, password, attempt = 0) {
      patch('poolBusy', id, true);
      patch('poolErrors', id, null);
      let needsPassword = false;
      let sshNeed: SshSecretNeed | null = null;
      try {
        const snap = await bridge.call('pools.open', { id, ...(password !== undefined ? { password } : {}) });
        seed(snap);
        patch('poolSnapshots', id, snap);
      } catch (err) {
        const e = toApiError(err);
        needsPassword = Boolean(e.details?.needsPassword) && password === undefined;
        sshNeed = attempt < SSH_SECRET_ATTEMPTS ? sshSecretNeedOf(e.details) : null;
        if (!needsPassword) patch('poolErrors', id, e);
      } finally {
        patch('poolBusy', id, false);
      }
      if (needsPassword) await get().openPoolAsking(id);
      else if (sshNeed && (await get().provideSshSecret({ connectionId: id, action: 'pool', need: sshNeed }))) await get().openPool(id, password, attempt + 1);
    },
    async openPoolAsking(id) {
      const password = await get().requestPassword(id, 'pool');
      if (password !== null) await get().openPool(id, password);
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
  };
};
