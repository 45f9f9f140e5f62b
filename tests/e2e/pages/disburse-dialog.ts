import { expect, type Locator, type Page } from '@playwright/test';

/**
 * 放款确认 (renderer/desk/credit/DisburseDialog.tsx): opened from an e-signed application's next step (Ctrl+Enter or
 * the button); nothing moves before a second person authorises and the confirmation is ticked.
 */
export class DisburseDialog {
  readonly root: Locator;
  readonly summary: Locator;
  readonly amount: Locator;
  readonly amountWords: Locator;
  readonly evidence: Locator;
  readonly account: Locator;
  readonly checkerNo: Locator;
  readonly checkerPassword: Locator;
  readonly tick: Locator;
  readonly confirm: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('disburse-dialog');
    this.summary = this.root.getByTestId('disburse-summary');
    this.amount = this.root.getByTestId('disburse-amount');
    this.amountWords = this.root.getByTestId('disburse-amount-words');
    this.evidence = this.root.getByTestId('disburse-evidence');
    this.account = this.root.getByTestId('disburse-account');
    this.checkerNo = this.root.getByTestId('checker-staff-no');
    this.checkerPassword = this.root.getByTestId('checker-password');
    this.tick = this.root.getByTestId('disburse-confirm-check');
    this.confirm = this.root.getByTestId('disburse-confirm');
    this.error = this.root.getByTestId('disburse-error');
  }

  /** From the decision page of an e-signed application. */
  async open(): Promise<void> {
    await this.page.keyboard.press('Control+Enter');
    await expect(this.root).toBeVisible();
    await expect(this.account).toBeFocused();
  }

  /** The whole confirmation from the keyboard: the account (first one when not chosen), the authoriser, the tick, Enter. */
  async confirmByKeyboard(checker: { staffNo: string; password: string }): Promise<void> {
    await this.account.focus();
    if (!(await this.account.inputValue())) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Tab');
    await expect(this.checkerNo).toBeFocused();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.type(checker.staffNo);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(checker.password);
    await this.page.keyboard.press('Tab');
    await expect(this.tick).toBeFocused();
    if (!(await this.tick.isChecked())) await this.page.keyboard.press('Space');
    await this.page.keyboard.press('Tab');
    await expect(this.confirm).toBeFocused();
    await this.page.keyboard.press('Enter');
  }
}
