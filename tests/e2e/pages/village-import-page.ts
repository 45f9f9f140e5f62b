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
    await this.page.getByRole('navigation').getByRole('link', { name: /整村授信/ }).click();
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
}
