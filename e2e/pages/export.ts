import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** Page object for the Export section: target switch, file tabs, preview, diff, copy and save. */
export class ExportPage {
  readonly view: Locator;
  readonly tabs: Locator;
  readonly code: Locator;
  readonly diff: Locator;
  readonly save: Locator;
  readonly basis: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('export-view');
    this.tabs = page.getByRole('tablist', { name: 'Files' }).getByRole('tab');
    this.code = page.getByTestId('export-code');
    this.diff = page.getByTestId('export-diff');
    this.save = page.getByTestId('export-save');
    this.basis = page.getByTestId('export-basis');
  }

  file(path: string): Locator {
    return this.page.getByRole('tablist', { name: 'Files' }).getByRole('tab', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`) });
  }

  async show(path: string): Promise<void> {
    await this.file(path).click();
    await expect(this.file(path)).toHaveAttribute('aria-selected', 'true');
  }

  async paths(): Promise<string[]> {
    return (await this.tabs.allInnerTexts()).map((t) => t.split(/\s/)[0]!);
  }

  /** Clicks Download .zip and returns the browser's download. */
  async download(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.save.click()]);
    return download;
  }
}
