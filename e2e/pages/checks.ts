import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Checks section. */
export class ChecksPage {
  readonly view: Locator;
  readonly runButton: Locator;
  readonly status: Locator;
  readonly changes: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('checks-view');
    this.runButton = page.getByRole('button', { name: 'Run checks' });
    this.status = page.getByTestId('checks-status');
    this.changes = page.getByTestId('checks-changes');
  }

  check(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }

  async expectSeverity(id: string, severity: 'fail' | 'warn' | 'info' | 'pass'): Promise<void> {
    await expect(this.check(id)).toHaveAttribute('data-severity', severity);
  }

  evidence(id: string): Locator {
    return this.check(id).getByTestId('check-evidence');
  }

  fix(id: string): Locator {
    return this.check(id).getByTestId('check-fix');
  }

  async applyFix(id: string): Promise<void> {
    await this.check(id).getByTestId('apply-fix').click();
  }

  /** Opens a collapsed check (pass and info start collapsed). */
  async expand(id: string): Promise<void> {
    const head = this.check(id).getByRole('button', { expanded: false });
    if (await head.count()) await head.click();
    await expect(this.check(id).getByRole('button', { expanded: true })).toBeVisible();
  }
}
