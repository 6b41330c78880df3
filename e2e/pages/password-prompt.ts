import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the one "ask on connect" password prompt. */
export class PasswordPromptPage {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('password-prompt');
    this.input = this.dialog.getByTestId('password-prompt-input');
    this.submit = this.dialog.getByTestId('password-prompt-submit');
  }

  async answer(password: string): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await this.input.fill(password);
    await this.submit.click();
    await expect(this.dialog).toBeHidden();
  }

  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
