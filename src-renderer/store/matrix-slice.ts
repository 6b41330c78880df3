import type { StateCreator } from 'zustand';
import type { EnvGroup } from '@shared/matrix';
import type { StoreState } from './index';

/** The matrix view's own state: which environment column set is shown and which cell is open. */
export interface MatrixSlice {
  /** null: follow the selected connection's environment. */
  matrixEnv: EnvGroup | null;
  /** cellKey() of the cell whose reasoning is open; null: the connection's own cell. */
  matrixOpenCell: string | null;
  setMatrixEnv(env: EnvGroup | null): void;
  openMatrixCell(key: string | null): void;
}

export const createMatrixSlice: StateCreator<StoreState, [], [], MatrixSlice> = (set) => ({
  matrixEnv: null,
  matrixOpenCell: null,
  setMatrixEnv(env) {
    set({ matrixEnv: env, matrixOpenCell: null });
  },
  openMatrixCell(key) {
    set({ matrixOpenCell: key });
  },
});
