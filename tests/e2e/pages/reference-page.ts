import { expect, type Page } from '@playwright/test';

/** 参考数据发布: head office's LPR table and kiosk marketing items, typed from the keyboard. */
export class ReferencePage {
  constructor(readonly page: Page) {}

  readonly lprCurrent = () => this.page.getByTestId('lpr-current');
  readonly lprResult = () => this.page.getByTestId('lpr-result');
  readonly lprRows = () => this.page.getByTestId('lpr-table').locator('tbody tr');
  readonly marketingResult = () => this.page.getByTestId('marketing-result');
  readonly marketingRow = (title: string) => this.page.getByTestId('marketing-row').filter({ hasText: title });

  async open(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: '参考数据发布' }).click();
    await expect(this.lprCurrent()).toBeVisible();
  }

  /** The date field has the focus when the screen opens; Tab walks the form, Enter publishes. */
  async addFixing(date: string, oneYear: string, fiveYear: string, notes: string): Promise<void> {
    await expect(this.page.getByLabel('报价日期')).toBeFocused();
    await this.page.keyboard.type(date);
    for (const value of [oneYear, fiveYear, notes]) {
      await this.page.keyboard.press('Tab');
      await this.page.keyboard.type(value);
    }
    await this.page.keyboard.press('Enter');
  }

  async newMarketingItem(item: { title: string; tag: string; body: string }): Promise<void> {
    await this.page.getByTestId('marketing-new').click();
    await expect(this.page.getByLabel('标题')).toBeFocused();
    await this.page.keyboard.type(item.title);
    await this.page.getByLabel('标签').fill(item.tag);
    await this.page.getByLabel('正文').fill(item.body);
    await this.page.getByLabel('正文').press('Enter');
  }
}
