import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createPoolSlice, type PoolSlice } from './pool-slice';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createChecksSlice, type ChecksSlice } from './checks-slice';
import { createMatrixSlice, type MatrixSlice } from './matrix-slice';
import { createConnectionsFeatureSlice, type ConnectionsFeatureSlice } from '../features/connections/slice';
import { createTypesSlice, type TypesSlice } from './types-slice';
import { createPasswordSlice, type PasswordSlice } from './password-slice';
import { createSshSecretSlice, type SshSecretSlice } from './ssh-secret-slice';
import { createExportSlice, type ExportSlice } from '../features/export/slice';
import { createGroupsSlice, type GroupsSlice } from './groups-slice';
import { createVerifySlice, type VerifySlice } from '../features/verify/slice';

/** One store built from typed slices; components select single fields (or use useShallow). */
export type StoreState = AppSlice & ConnectionsSlice & UiSlice & ConnectionsFeatureSlice & PoolSlice & LabSlice & ChecksSlice & MatrixSlice & TypesSlice & PasswordSlice & SshSecretSlice & ExportSlice & GroupsSlice & VerifySlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createAppSlice(...a),
  ...createConnectionsSlice(...a),
  ...createUiSlice(...a),
  ...createConnectionsFeatureSlice(...a),
  ...createPoolSlice(...a),
  ...createLabSlice(...a),
  ...createChecksSlice(...a),
  ...createMatrixSlice(...a),
  ...createTypesSlice(...a),
  ...createPasswordSlice(...a),
  ...createSshSecretSlice(...a),
  ...createExportSlice(...a),
  ...createGroupsSlice(...a),
  ...createVerifySlice(...a),
}));
