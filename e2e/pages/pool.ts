import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Pool section: the live pool, the load lab and the fault lab. */
export class PoolPage {
  readonly status: Locator;
  readonly eventLog: Locator;
  constructor(readonly page: Page) {
    this.status = page.getByTestId('pool-status');
    this.eventLog = page.getByRole('log', { name: 'Pool events' });
  }

  async openPool(): Promise<void> {
    await expect(this.page.getByTestId('pool-closed')).toBeVisible();
    await this.page.getByRole('button', { name: 'Open pool' }).click();
    await expect(this.page.getByTestId('pool-view')).toBeVisible();
  }

  counter(key: string): Locator {
    return this.page.getByTestId(`counter-${key}`).locator('strong');
  }

  async counterValue(key: string): Promise<number> {
    return Number(await this.counter(key).textContent());
  }

  async startLoad(opts: { concurrency: number; duration: number }): Promise<void> {
    const lab = this.page.getByTestId('load-lab');
    await lab.getByLabel('Concurrency').fill(String(opts.concurrency));
    await lab.getByLabel('Duration (s)').fill(String(opts.duration));
    await lab.getByRole('button', { name: 'Start load' }).click();
    await expect(this.page.getByTestId('load-progress')).toHaveAttribute('data-state', 'running');
  }

  async stopLoad(): Promise<void> {
    await this.page.getByTestId('load-lab').getByRole('button', { name: 'Stop' }).click();
    await expect(this.page.getByTestId('load-progress')).toHaveAttribute('data-state', /stopped|done/);
  }
}
