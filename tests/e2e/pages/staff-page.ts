import { expect, type Locator, type Page } from '@playwright/test';

/** 员工管理 (renderer/desk/staff/*): the signed staff list, requests to head office, and the second person's review. */
export class StaffPage {
  readonly screen: Locator;
  readonly table: Locator;
  readonly requests: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('staff-screen');
    this.table = page.getByTestId('staff-table');
    this.requests = page.getByTestId('staff-requests');
    this.dialog = page.getByTestId('staff-request-dialog');
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: /员工管理/ }).click();
    await expect(this.screen).toBeVisible();
  }

  member(staffNo: string): Locator {
    return this.table.locator(`tr[data-staff-no="${staffNo}"]`);
  }

  request(staffNo: string): Locator {
    return this.requests.locator('tbody tr', { hasText: `（${staffNo}）` }).first();
  }

  async requestNewStaff(input: { staffNo: string; name: string; role: string; firstPassword: string; ownPassword: string }): Promise<void> {
    await this.page.getByTestId('staff-new').click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId('req-staff-no').fill(input.staffNo);
    await this.dialog.getByTestId('req-name').fill(input.name);
    await this.dialog.getByRole('checkbox', { name: input.role, exact: true }).check();
    await this.dialog.getByTestId('req-new-password').fill(input.firstPassword);
    await this.dialog.getByTestId('req-own-password').fill(input.ownPassword);
    await this.dialog.getByTestId('req-submit').click();
  }

  /** The request of one kind for one person, e.g. ('T010', '重置密码'). */
  requestOf(staffNo: string, kind: string): Locator {
    return this.requests.locator('tbody tr', { hasText: `（${staffNo}）` }).filter({ hasText: kind }).first();
  }

  async requestPasswordReset(staffNo: string, input: { tempPassword: string; ownPassword: string }): Promise<void> {
    await this.member(staffNo).getByTestId('staff-reset').click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId('req-new-password').fill(input.tempPassword);
    await this.dialog.getByTestId('req-own-password').fill(input.ownPassword);
    await this.dialog.getByTestId('req-submit').click();
    await expect(this.dialog).toHaveCount(0);
  }

  async approve(staffNo: string, ownPassword: string, row: Locator = this.request(staffNo)): Promise<void> {
    await row.getByTestId('staff-approve').click();
    const dialog = this.page.getByTestId('approve-dialog');
    await expect(dialog.getByTestId('approve-summary')).toContainText(staffNo);
    await dialog.getByTestId('approve-password').fill(ownPassword);
    await dialog.getByTestId('approve-submit').click();
    await expect(dialog).toHaveCount(0);
  }
}
