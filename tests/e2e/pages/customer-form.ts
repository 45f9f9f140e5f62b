import { expect, type Locator, type Page } from '@playwright/test';

/** The new/edit customer dialog, driven the way a teller does: typing, Tab, Ctrl+S. */
export class CustomerForm {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('customer-form');
  }

  field(label: string | RegExp): Locator {
    return this.root.getByLabel(label);
  }

  /** The messages shown under a field, by its path (`idNumber`, `phone`...). */
  issues(path: string): Locator {
    return this.root.getByTestId(`issue-${path}`);
  }

  async chooseKind(kind: '个人客户' | '企业客户'): Promise<void> {
    await this.root.getByRole('radio', { name: kind }).check();
  }

  async fill(values: Partial<Record<'姓名' | '企业名称' | '身份证号码' | '统一社会信用代码' | '法定代表人' | '联系电话' | '地址' | '所属村/市场' | '备注', string>>): Promise<void> {
    for (const [label, value] of Object.entries(values)) {
      const input = this.field(new RegExp(`^${label.replace('/', '\\/')}`));
      await input.fill(value);
      await input.blur();
    }
  }

  async chooseGroup(label: string): Promise<void> {
    await this.field(/^客群/).selectOption({ label });
  }

  async addShareholder(row: { kind?: '自然人' | '企业'; name: string; idNumber?: string; percent: string }): Promise<void> {
    const rows = this.root.locator('.shareholder-table tbody tr:not(.row-issues)');
    const n = (await rows.count()) + 1;
    await this.root.getByRole('button', { name: '+ 添加股东' }).click();
    await expect(rows).toHaveCount(n);
    // The new row's name field takes the focus, so the teller types straight on.
    await expect(this.root.getByLabel(`股东第${n}行·姓名`)).toBeFocused();
    if (row.kind) await this.root.getByLabel(`股东第${n}行·股东类型`).selectOption({ label: row.kind });
    await this.root.getByLabel(`股东第${n}行·姓名`).fill(row.name);
    if (row.idNumber) await this.root.getByLabel(`股东第${n}行·身份证号 / 信用代码`).fill(row.idNumber);
    await this.root.getByLabel(`股东第${n}行·持股比例`).fill(row.percent);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }

  async expectClosed(): Promise<void> {
    await expect(this.root).toBeHidden();
  }
}
