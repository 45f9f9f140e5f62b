import { expect, type Page } from '@playwright/test';

/** 贷后风险事件: the signed-in staff member's dispatched events, and one event's page with its 处置记录 form. */
export class RiskPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: () => string,
  ) {}

  readonly badge = () => this.page.getByTestId('risk-badge');
  readonly counts = () => this.page.getByTestId('risk-counts');
  readonly rows = (customer: string) => this.page.getByTestId('risk-event-row').filter({ hasText: customer });
  readonly cause = () => this.page.getByTestId('risk-event-cause');
  readonly status = () => this.page.getByTestId('risk-event-status');
  readonly loan = () => this.page.getByTestId('risk-loan');
  readonly actions = () => this.page.getByTestId('risk-actions');
  readonly syncChip = () => this.page.getByTestId('sync-chip');

  async open(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: /贷后风险事件/ }).click();
    await expect(this.page.getByRole('heading', { name: '贷后风险事件' })).toBeVisible();
  }

  async openEvent(id: string): Promise<void> {
    await this.page.goto(`${this.baseUrl()}#/risk/${encodeURIComponent(id)}`);
    await expect(this.cause()).toBeVisible();
  }

  /** Documents arrive by live sync; a screen shows them when it is loaded again. */
  async untilShown(check: () => Promise<void>, timeout = 90_000): Promise<void> {
    await expect(async () => {
      await this.page.reload();
      await check();
    }).toPass({ timeout });
  }

  async recordVisit(note: string): Promise<void> {
    await this.page.getByTestId('risk-action').selectOption({ label: '上门走访' });
    await this.page.getByTestId('risk-note').fill(note);
    await this.page.getByTestId('risk-note').press('Enter');
    await expect(this.actions()).toContainText(note);
  }

  async recordPromise(note: string, date: string, yuan: string): Promise<void> {
    await this.page.getByTestId('risk-action').selectOption({ label: '承诺还款' });
    await this.page.getByTestId('risk-note').fill(note);
    await this.page.getByTestId('risk-promise-date').fill(date);
    await this.page.getByTestId('risk-promise-amount').fill(yuan);
    await this.page.getByTestId('risk-promise-amount').press('Enter');
    await expect(this.actions()).toContainText(note);
  }

  async recordOptOut(note: string): Promise<void> {
    await this.page.getByTestId('risk-action').selectOption({ label: '客户退订消息' });
    await this.page.getByTestId('risk-note').fill(note);
    await this.page.getByTestId('risk-note').press('Enter');
    await expect(this.actions()).toContainText(note);
  }

  /** 群发: ticks the events' rows, previews each customer's script, sends, and returns the results dialog. */
  async bulkSend(rows: ReturnType<RiskPage['rows']>[], preview: string[]) {
    for (const row of rows) await row.getByTestId('risk-select').check();
    await this.page.getByTestId('risk-bulk-send').click();
    const dialog = this.page.getByTestId('risk-bulk-dialog');
    for (const text of preview) await expect(dialog.getByTestId('risk-bulk-preview')).toContainText(text);
    await dialog.getByTestId('risk-bulk-confirm').click();
    await expect(dialog.getByTestId('risk-bulk-results')).toBeVisible();
    return dialog;
  }
}
