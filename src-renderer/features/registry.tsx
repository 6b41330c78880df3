import type { ComponentType } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import type { SectionId } from '../store/ui-slice';
import { OverviewView } from './overview/OverviewView';
import { PoolView } from './pool/PoolView';
import { PasswordPrompt } from './shell/PasswordPrompt';
import { SshSecretPrompt } from './shell/SshSecretPrompt';
import { ChecksView } from './checks/ChecksView';
import { ChecksScheduler } from './checks/ChecksScheduler';
import { ExportView } from './export/ExportView';
import { MatrixView } from './matrix/MatrixView';
import { SidebarActions as ConnectionSidebarActions } from './connections/SidebarActions';
import { ConnectionsOverlays } from './connections/ConnectionsOverlays';
import { TypesView } from './types/TypesView';
import { BackupAction } from './backup/BackupAction';

export interface SectionProps {
  profile: ConnectionProfile;
}

export interface SectionDef {
  id: SectionId;
  label: string;
  View: ComponentType<SectionProps>;
}

/** The main area's sections, in tab order (arrow keys in the tab list; Ctrl+1 … Ctrl+6 in the desktop app). */
export const SECTIONS: SectionDef[] = [
  { id: 'overview', label: 'Overview', View: OverviewView },
  { id: 'pool', label: 'Pool', View: PoolView },
  { id: 'checks', label: 'Checks', View: ChecksView },
  { id: 'matrix', label: 'Matrix', View: MatrixView },
  { id: 'types', label: 'Types', View: TypesView },
  { id: 'export', label: 'Export', View: ExportView },
];

/** Buttons under the sidebar search (for example "New connection"). */
export const sidebarActions: ComponentType[] = [ConnectionSidebarActions];

/** Secondary actions in the sidebar footer (back-up and restore). */
export const sidebarFooterActions: ComponentType[] = [BackupAction];

/** Dialogs and overlays mounted once at the app root. */
export const globalOverlays: ComponentType[] = [ConnectionsOverlays, PasswordPrompt, SshSecretPrompt, ChecksScheduler];
