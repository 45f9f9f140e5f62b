import { expect, type Page } from '@playwright/test';

/** 点亮侯马: the grid map, the signed-in manager's tasks, the branch head's assign form and the board. */
export class MarketingPage {
  constructor(readonly page: Page) {}

  readonly map = () => this.page.getByTestId('marketing-map');
  readonly notice = () => this.page.getByTestId('marketing-notice');
  readonly board = () => this.page.getByTestId('marketing-board');
  readonly task = (targetId: string) => this.page.getByTestId(`task-${targetId}`);
  readonly syncChip = () => this.page.getByTestId('sync-chip');

  async open(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: /点亮侯马/ }).click();
    await expect(this.page.getByRole('heading', { name: '点亮侯马 · 网格营销地图' })).toBeVisible();
    // The map has drawn (echarts' `finished`).
    await expect(this.map()).toHaveAttribute('data-draw-ms', /\d/);
  }

  /** The branch head hands `count` untasked points of a grid to a manager, by keyboard. */
  async assign(grid: string, assignee: string, kind: string, count: number): Promise<void> {
    await this.page.getByTestId('assign-grid').selectOption({ value: grid });
    await this.page.getByTestId('assign-assignee').selectOption({ value: assignee });
    await this.page.getByTestId('assign-kind').selectOption({ label: kind });
    await this.page.getByTestId('assign-count').fill(String(count));
    await this.page.getByTestId('assign-note').fill('入户走访，了解存贷需求');
    await this.page.getByTestId('assign-note').press('Enter');
  }

  /** The manager records the outcome of the first open task in the field; returns its target's id. */
  async recordNext(outcome: string, note: string): Promise<string> {
    const testId = (await this.page.locator('[data-testid^="task-"][data-status="open"]').first().getAttribute('data-testid'))!;
    const targetId = testId.slice('task-'.length);
    const row = this.task(targetId);
    await row.getByTestId('task-record').press('Enter');
    await row.getByTestId('task-outcome').selectOption({ label: outcome });
    await row.getByTestId('task-note').fill(note);
    await row.getByTestId('task-note').press('Enter');
    await expect(this.task(targetId)).toHaveAttribute('data-status', 'done');
    return targetId;
  }
}
