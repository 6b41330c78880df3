import type { StateCreator } from 'zustand';
import type { StoreState } from './index';

export const SECTION_IDS = ['overview', 'pool', 'checks', 'matrix', 'types', 'export'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

export interface UiSlice {
  section: SectionId;
  toasts: Toast[];
  shortcutsOpen: boolean;
  setSection(section: SectionId): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  setShortcutsOpen(open: boolean): void;
}

let toastId = 1;

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set, get) => ({
  section: 'overview',
  toasts: [],
  shortcutsOpen: false,
  setSection(section) {
    set({ section });
  },
  toast(kind, text) {
    const id = toastId++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    setTimeout(() => get().dismissToast(id), kind === 'error' ? 8000 : 4000);
  },
  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
});
