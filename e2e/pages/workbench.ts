import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the workbench shell: sidebar, header, section tabs. */
export class Workbench {
  readonly connectionList: Locator;
  readonly title: Locator;

  constructor(readonly page: Page) {
    this.connectionList = page.getByRole('tree', { name: 'Saved connections' });
    this.title = page.getByTestId('connection-title');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('app')).toBeVisible();
  }

  connection(name: string): Locator {
    return this.connectionList.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(name)}(\\s|$)`) });
  }

  async select(name: string): Promise<void> {
    await this.connection(name).click();
    await expect(this.title).toHaveText(name);
  }

  /** A section tab (Overview … Export), by its exact name: a file tab inside Export can mention "Export" too. */
  tab(label: string): Locator {
    return this.page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name: label, exact: true });
  }

  async openSection(label: string): Promise<void> {
    await this.tab(label).click();
    await expect(this.tab(label)).toHaveAttribute('aria-selected', 'true');
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
