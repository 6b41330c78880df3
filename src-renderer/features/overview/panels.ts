import type { ComponentType } from 'react';
import type { SectionProps } from '../registry';
import { ActionBar } from '../connections/ActionBar';
import { TestPanel } from '../connections/TestPanel';

/** Panels shown at the top of the Overview (the connection test, for example). */
export const overviewPanels: ComponentType<SectionProps>[] = [ActionBar, TestPanel];
