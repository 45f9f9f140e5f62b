import { expect, type Page } from '@playwright/test';

/** 整村授信 · 农户名单导入, as a customer manager uses it. */
export class VillageImportPage {
  constructor(readonly page: Page) {}

  readonly summary = () => this.page.getByTestId('import-summary');
  readonly problemRows = () => this.page.getByTestId('import-problems').locator('tbody tr');
  readonly problem = (line: number) => this.page.getByTestId('import-problems').locator(`tr[data-line="${line}"] td:nth-child(2)`);
  readonly importButton = () => this.page.getByTestId('import-confirm');
  readonly notice = () => this.page.getByTestId('village-notice');
  readonly households = () => this.page.getByTestId('village-households');

  async open(village: string): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: /^整村授信(?!看板)/ }).click();
    await expect(this.page.getByRole('heading', { name: '整村授信 · 农户名单导入' })).toBeVisible();
    await this.page.getByTestId('village-name').fill(village);
  }

  /** Chooses a list file (as the file dialog would) and waits for its preview. */
  async choose(fileName: string, csv: string): Promise<void> {
    await this.page.getByTestId('village-file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect(this.summary()).toContainText(`文件 ${fileName}`);
  }
}

/** 农户建档: one household's file with its live pre-credit. */
export class HouseholdFilePage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('household-file');
  readonly limit = () => this.page.getByTestId('pre-credit-limit');
  readonly reasons = () => this.page.getByTestId('pre-credit');
  readonly notice = () => this.page.getByTestId('household-notice');
  readonly save = () => this.page.getByTestId('household-save');

  async fill(label: string, value: string): Promise<void> {
    await this.root().getByLabel(label, { exact: true }).fill(value);
  }

  readonly photos = () => this.page.getByTestId('household-photo');

  /** What the file picker hands over (the camera's frame goes through the same call). */
  async attachPhoto(caption: string, name: string, jpeg: Buffer): Promise<void> {
    await this.fill('照片说明', caption);
    await this.page.getByTestId('household-photo-file').setInputFiles({ name, mimeType: 'image/jpeg', buffer: jpeg });
  }
}

/** 村组评议 · 批量授信: a round's panel at the laptop, one seat after the other, then the branch head's batch. */
export class VillageReviewPage {
  constructor(readonly page: Page) {}

  readonly round = () => this.page.getByTestId('review-round');
  readonly panel = () => this.page.getByTestId('review-panel');
  readonly scoring = () => this.page.getByTestId('seat-scoring');
  readonly sheet = () => this.page.getByTestId('review-sheet');
  readonly sheetRow = (householdNo: string) => this.sheet().locator(`tr[data-household="${householdNo}"]`);
  readonly approval = () => this.page.getByTestId('batch-approval');

  async open(village: string): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: '村组评议与批量授信' }).click();
    await expect(this.page.getByRole('heading', { name: '村组评议 · 批量授信' })).toBeVisible();
    await this.page.getByTestId('review-village').fill(village);
  }

  /** Opens a round with this panel; returns each seat's code as shown (once) on the screen. */
  async openRound(panel: { name: string; role: string }[]): Promise<string[]> {
    const form = this.page.getByTestId('open-review');
    while ((await form.locator('tbody tr').count()) > panel.length) await form.getByRole('button', { name: '移除' }).last().click();
    for (const [i, p] of panel.entries()) {
      await form.getByLabel(`评议人${i + 1}`, { exact: true }).fill(p.name);
      await form.getByLabel(`评议人${i + 1}身份`).selectOption({ label: p.role });
    }
    await this.page.getByTestId('open-review-confirm').click();
    const codes = this.page.getByTestId('seat-codes').locator('td.seat-code');
    await expect(codes).toHaveCount(panel.length);
    return codes.allTextContents();
  }

  /** One reviewer at the laptop: their seat, their code, a score per household (by household number). */
  async score(seat: string, code: string, scores: Record<string, { integrity: string; recommend: boolean; limit?: string; reasons?: string }>): Promise<void> {
    await this.scoring().getByTestId('score-seat').selectOption({ label: seat });
    await this.scoring().getByTestId('score-code').fill(code);
    for (const [no, s] of Object.entries(scores)) {
      const row = this.scoring().locator(`tr[data-household="${no}"]`);
      await row.getByLabel('诚信评价').selectOption({ label: s.integrity });
      await row.getByLabel('是否推荐').selectOption({ label: s.recommend ? '推荐' : '不推荐' });
      if (s.limit) await row.getByLabel('建议额度（元）').fill(s.limit);
      if (s.reasons) await row.getByLabel('理由').fill(s.reasons);
    }
    await this.scoring().getByTestId('score-submit').click();
  }
}

/** 整村授信看板: the branch's figures and one row per village. */
export class VillageDashboardPage {
  constructor(readonly page: Page) {}

  readonly row = (village: string) => this.page.getByTestId('village-dashboard-villages').locator(`tr[data-village="${village}"]`);

  async open(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: '整村授信看板' }).click();
    await expect(this.page.getByRole('heading', { name: '整村授信看板（授信 · 签约 · 用信）' })).toBeVisible();
  }
}
