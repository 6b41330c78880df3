import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Matrix section. */
export class MatrixPage {
  readonly view: Locator;
  readonly grid: Locator;
  readonly details: Locator;
  readonly detected: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('matrix-view');
    this.grid = page.getByTestId('matrix-grid');
    this.details = page.getByTestId('matrix-details');
    this.detected = page.getByTestId('matrix-detected');
  }

  cell(kind: string, workload: string): Locator {
    return this.page.getByTestId(`matrix-cell-${kind}-${workload}`);
  }

  /** The cells marked as the connection's own: there must be exactly one. */
  current(): Locator {
    return this.grid.locator('[data-current="true"]');
  }

  async expectCurrent(kind: string, workload: string): Promise<void> {
    await expect(this.current()).toHaveCount(1);
    await expect(this.cell(kind, workload)).toHaveAttribute('data-current', 'true');
  }

  env(group: 'production' | 'test'): Locator {
    return this.page.getByTestId(`matrix-env-${group}`);
  }
}
