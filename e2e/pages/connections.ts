import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for saved connections: import, the connection dialog, the test panel, actions. */
export class ConnectionsPage {
  readonly importButton: Locator;
  readonly newButton: Locator;
  readonly testPanel: Locator;

  constructor(readonly page: Page) {
    this.importButton = page.getByRole('button', { name: 'Import connections' });
    this.newButton = page.getByTestId('new-connection');
    this.testPanel = page.getByTestId('test-panel');
  }

  async importUrl(url: string, name: string): Promise<void> {
    await this.importButton.click();
    const dialog = this.page.getByRole('dialog', { name: 'Import connections' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Connection URL or libpq string').fill(url);
    await expect(dialog.getByTestId('import-url-preview')).toBeVisible();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('connection-title')).toHaveText(name);
  }

  async runTest(): Promise<void> {
    await this.testPanel.getByRole('button', { name: /Test (connection|again)/ }).click();
  }

  stage(id: string): Locator {
    return this.testPanel.getByTestId(`stage-${id}`);
  }

  /** Waits for the test to end (the Cancel button gives way to "Test again"). */
  async waitForResult(): Promise<void> {
    await expect(this.testPanel.getByRole('button', { name: 'Test again' })).toBeVisible({ timeout: 30_000 });
  }

  fact(name: 'server' | 'auth' | 'tls' | 'latency' | 'pooler'): Locator {
    return this.testPanel.getByTestId(`fact-${name}`);
  }

  get failure(): Locator {
    return this.testPanel.getByTestId('test-failure');
  }

  formField(label: string | RegExp): Locator {
    return this.page.getByRole('dialog').getByLabel(label, { exact: typeof label === 'string' });
  }
}
