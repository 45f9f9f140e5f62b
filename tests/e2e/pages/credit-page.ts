import { expect, type Locator, type Page } from '@playwright/test';

/** 精微快贷 screens driven from the keyboard: product picker, data collection, decision and the steps after it. */
export class CreditPage {
  readonly editor: Locator;
  readonly decision: Locator;
  readonly state: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('application-editor');
    this.decision = page.getByTestId('decision-view');
    this.state = page.getByTestId('application-state');
  }

  /** From an open customer: Alt+L, then the product by its number key and Enter. */
  async startApplication(productNumber: number, productName: string): Promise<void> {
    await this.page.keyboard.press('Alt+l');
    const picker = this.page.getByTestId('product-picker');
    await expect(picker).toBeVisible();
    await this.page.keyboard.press(String(productNumber));
    await expect(picker.locator('.product.active')).toContainText(productName);
    await this.page.keyboard.press('Enter');
    await expect(this.editor).toBeVisible();
  }

  field(label: string | RegExp): Locator {
    return this.editor.getByLabel(label);
  }

  /** Types into a field the way a teller does: focus, select what is there, type. */
  async type(label: string | RegExp, value: string): Promise<void> {
    const f = this.field(label);
    await f.focus();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.type(value);
  }

  async choose(label: string | RegExp, option: string): Promise<void> {
    await this.field(label).selectOption({ label: option });
  }

  /** Ticks a checklist item with the space bar (an item the file already holds, or whose figures were typed, is ticked). */
  async collect(item: string): Promise<void> {
    const box = this.editor.getByRole('checkbox', { name: item, exact: true });
    if (!(await box.isChecked())) {
      await box.focus();
      await this.page.keyboard.press('Space');
    }
    await expect(box).toBeChecked();
  }

  /** Ctrl+Enter: submit on the form, the next step on the decision page. */
  async next(): Promise<void> {
    await this.page.keyboard.press('Control+Enter');
  }

  async expectState(text: string): Promise<void> {
    await expect(this.state).toHaveText(text);
  }

  /** From an approved application to one ready to disburse: contract, face-to-face signing, e-signature — one Ctrl+Enter each. */
  async signThrough(): Promise<void> {
    for (const state of ['已生成合同', '已面签', '已电子签约']) {
      await this.next();
      await this.expectState(state);
    }
  }
}
