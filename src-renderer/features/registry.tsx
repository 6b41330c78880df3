import type { ComponentType } from 'react';
import type { ConnectionProfile } from '@shared/profile';
import type { SectionId } from '../store/ui-slice';
import { OverviewView } from './overview/OverviewView';
import { NotBuilt } from './shell/NotBuilt';
import { TypesView } from './types/TypesView';

export interface SectionProps {
  profile: ConnectionProfile;
}

export interface SectionDef {
  id: SectionId;
  label: string;
  View: ComponentType<SectionProps>;
}

const notBuilt = (section: string, what: string): ComponentType<SectionProps> =>
  function NotBuiltSection() {
    return <NotBuilt section={section} what={what} />;
  };

/** The main area's sections, in tab order (Ctrl+1 … Ctrl+6). Features replace their placeholder here. */
export const SECTIONS: SectionDef[] = [
  { id: 'overview', label: 'Overview', View: OverviewView },
  { id: 'pool', label: 'Pool', View: notBuilt('Pool', 'A live SQLAlchemy-style pool over this connection, its health under load and under injected faults.') },
  { id: 'checks', label: 'Checks', View: notBuilt('Checks', 'Server checks against this connection\'s pool settings and driver: wait_timeout, max_connections, charset, PgBouncer…') },
  { id: 'matrix', label: 'Matrix', View: notBuilt('Matrix', 'The driver selection matrix with this server highlighted.') },
  { id: 'types', label: 'Types', View: TypesView },
  { id: 'export', label: 'Export', View: notBuilt('Export', 'Recommended config files: engine factory, .env, pytest conftest, requirements.') },
];

/** Buttons under the sidebar search (for example "New connection"). */
export const sidebarActions: ComponentType[] = [];

/** Dialogs and overlays mounted once at the app root. */
export const globalOverlays: ComponentType[] = [];
