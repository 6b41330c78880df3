import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Types section: run, summary cards, filters, the virtualised grid, details, model export. */
export class TypesPage {
  readonly view: Locator;
  readonly run: Locator;
  readonly grid: Locator;
  readonly rows: Locator;
  readonly summary: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('types-view');
    this.run = page.getByTestId('types-run');
    this.grid = page.getByRole('grid', { name: 'Column type mappings' });
    this.rows = page.getByTestId('types-row');
    this.summary = page.getByTestId('types-summary');
    this.search = page.getByRole('searchbox', { name: 'Search columns' });
    this.count = page.getByTestId('types-count');
    this.detail = page.getByTestId('types-detail');
  }

  /** Runs the mapping and waits for the grid. Large schemas pass a longer wait: mapping 20,000 columns is
   *  seconds of work, and on a loaded CI machine (other stages' servers busy) it has taken over 15 s. */
  async mapTypes(timeout?: number): Promise<void> {
    await this.run.click();
    await expect(this.grid).toBeVisible(timeout === undefined ? undefined : { timeout });
  }

  answer(target: 'sqlite' | 'mysql' | 'postgresql'): Locator {
    return this.page.getByTestId(`summary-${target}-answer`);
  }

  verdictFilter(level: 'all' | 'portable' | 'lossy' | 'unsupported'): Locator {
    return this.page.getByTestId(`verdict-filter-${level}`);
  }

  row(table: string, column: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('gridcell', { name: table, exact: true }) }).filter({ has: this.page.getByRole('gridcell', { name: column, exact: true }) });
  }
}
