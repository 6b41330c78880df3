import type { ComponentType } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import type { SectionId } from '../store/ui-slice';
import { lazyNamed, type LazyComponent } from '../components/lazy';
import { PasswordPrompt } from './shell/PasswordPrompt';
import { SshSecretPrompt } from './shell/SshSecretPrompt';
import { ChecksScheduler } from './checks/ChecksScheduler';
import { SidebarActions as ConnectionSidebarActions } from './connections/SidebarActions';
import { ConnectionsOverlays } from './connections/ConnectionsOverlays';
import { BackupAction } from './backup/BackupAction';

export interface SectionProps {
  profile: ConnectionProfile;
}

export interface SectionDef {
  id: SectionId;
  label: string;
  /** Loaded on first use (its own chunk of the build); `View.preload()` fetches it ahead. */
  View: LazyComponent<SectionProps>;
}

/**
 * The main area's sections, in tab order (arrow keys in the tab list; Ctrl+1 … Ctrl+6 in the desktop app).
 * Each is a separate chunk, so the first load carries only the shell and the section it shows.
 */
export const SECTIONS: SectionDef[] = [
  { id: 'overview', label: 'Overview', View: lazyNamed(() => import('./overview/OverviewView').then((m) => m.OverviewView)) },
  { id: 'pool', label: 'Pool', View: lazyNamed(() => import('./pool/PoolView').then((m) => m.PoolView)) },
  { id: 'checks', label: 'Checks', View: lazyNamed(() => import('./checks/ChecksView').then((m) => m.ChecksView)) },
  { id: 'matrix', label: 'Matrix', View: lazyNamed(() => import('./matrix/MatrixView').then((m) => m.MatrixView)) },
  { id: 'types', label: 'Types', View: lazyNamed(() => import('./types/TypesView').then((m) => m.TypesView)) },
  { id: 'export', label: 'Export', View: lazyNamed(() => import('./export/ExportView').then((m) => m.ExportView)) },
];

/** Buttons under the sidebar search (for example "New connection"). */
export const sidebarActions: ComponentType[] = [ConnectionSidebarActions];

/** Secondary actions in the sidebar footer (back-up and restore). */
export const sidebarFooterActions: ComponentType[] = [BackupAction];

/** Dialogs and overlays mounted once at the app root. */
export const globalOverlays: ComponentType[] = [ConnectionsOverlays, PasswordPrompt, SshSecretPrompt, ChecksScheduler];
