import { expect, type Locator, type Page } from '@playwright/test';
import { CustomerForm } from './customer-form';

/** The 客户 screen: search on the left, the open customer on the right. */
export class CustomersPage {
  readonly search: Locator;
  readonly results: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByTestId('customer-search');
    this.results = page.getByTestId('search-results');
    this.detail = page.getByTestId('customer-detail');
  }

  resultRows(): Locator {
    return this.results.locator('tbody tr');
  }

  /** Focuses search with F2 and types like a teller; results appear without pressing Enter. */
  async find(query: string): Promise<void> {
    await this.page.keyboard.press('F2');
    await expect(this.search).toBeFocused();
    await this.search.fill(query);
  }

  /** Moves to the row with the arrow keys and opens it with Enter. */
  async openResultByKeyboard(name: string): Promise<void> {
    const rows = this.resultRows();
    await expect(rows.filter({ hasText: name }).first()).toBeVisible();
    const names = await rows.locator('td:first-child').allInnerTexts();
    const index = names.findIndex((n) => n.startsWith(name));
    for (let i = 0; i < index; i++) await this.search.press('ArrowDown');
    await this.search.press('Enter');
    await expect(this.detail.locator('.detail-name')).toHaveText(name);
  }

  async newCustomer(): Promise<CustomerForm> {
    await this.page.keyboard.press('Control+n');
    const form = new CustomerForm(this.page);
    await expect(form.root).toBeVisible();
    return form;
  }

  async editOpenCustomer(): Promise<CustomerForm> {
    await this.page.keyboard.press('Control+e');
    const form = new CustomerForm(this.page);
    await expect(form.root).toBeVisible();
    return form;
  }

  detailValue(label: string): Locator {
    return this.detail.locator('.dl-row').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }

  async openHistory(): Promise<Locator> {
    await this.detail.getByRole('tab', { name: '变更记录' }).click();
    const history = this.page.getByTestId('customer-history');
    await expect(history).toBeVisible();
    return history.locator('.history-entry');
  }

  toast(): Locator {
    return this.page.locator('.toast');
  }
}
