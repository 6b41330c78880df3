import type { ComponentType } from 'react';
import type { SectionProps } from '../registry';

/** Panels shown at the top of the Overview (the connection test, for example). */
export const overviewPanels: ComponentType<SectionProps>[] = [];
