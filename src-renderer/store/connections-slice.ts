import type { StateCreator } from 'zustand';
import type { ConnectionProfile, ConnectionSummary } from '@shared/profile';
import { bridge, toApiError, type ApiError } from '../bridge';
import type { StoreState } from './index';

export interface ConnectionsSlice {
  connections: ConnectionSummary[];
  connectionsLoaded: boolean;
  connectionsError: ApiError | null;
  selectedId: string | null;
  selected: ConnectionProfile | null;
  selectedError: ApiError | null;
  search: string;
  loadConnections(): Promise<void>;
  select(id: string | null): Promise<void>;
  refreshSelected(): Promise<void>;
  setSearch(search: string): void;
}

export const createConnectionsSlice: StateCreator<StoreState, [], [], ConnectionsSlice> = (set, get) => ({
  connections: [],
  connectionsLoaded: false,
  connectionsError: null,
  selectedId: null,
  selected: null,
  selectedError: null,
  search: '',
  async loadConnections() {
    try {
      const connections = await bridge.call('connections.list');
      set({ connections, connectionsLoaded: true, connectionsError: null });
      const { selectedId } = get();
      if (selectedId && !connections.some((c) => c.id === selectedId)) set({ selectedId: null, selected: null });
    } catch (err) {
      set({ connectionsError: toApiError(err), connectionsLoaded: true });
    }
  },
  async select(id) {
    set({ selectedId: id, selected: null, selectedError: null });
    if (!id) return;
    try {
      const profile = await bridge.call('connections.get', { id });
      if (get().selectedId === id) set({ selected: profile });
    } catch (err) {
      if (get().selectedId === id) set({ selectedError: toApiError(err) });
    }
  },
  async refreshSelected() {
    const id = get().selectedId;
    if (!id) return;
    try {
      const profile = await bridge.call('connections.get', { id });
      if (get().selectedId === id) set({ selected: profile, selectedError: null });
    } catch (err) {
      if (get().selectedId === id) set({ selectedError: toApiError(err) });
    }
  },
  setSearch(search) {
    set({ search });
  },
});
