import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createTypesSlice, type TypesSlice } from './types-slice';

/** One store built from typed slices; components select single fields (or use useShallow). */
export type StoreState = AppSlice & ConnectionsSlice & UiSlice & TypesSlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createAppSlice(...a),
  ...createConnectionsSlice(...a),
  ...createUiSlice(...a),
  ...createTypesSlice(...a),
}));
