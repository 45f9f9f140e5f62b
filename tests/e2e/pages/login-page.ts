import { expect, type Browser, type Page } from '@playwright/test';

// The demo staff all share this password (see main/demo/seed.ts, DEMO_PASSWORD).
export const DEMO_PASSWORD = 'jingwei2026';

export class LoginPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: () => string,
  ) {}

  readonly staffNo = () => this.page.getByLabel('工号');
  readonly password = () => this.page.getByLabel('密码');
  readonly submit = () => this.page.getByRole('button', { name: '登录', exact: true });
  readonly error = () => this.page.locator('.form-error');
  readonly branch = () => this.page.getByTestId('login-branch');

  async open(): Promise<void> {
    await this.page.goto(this.baseUrl());
    await expect(this.staffNo()).toBeVisible();
  }

  async login(staffNo: string, password = DEMO_PASSWORD): Promise<void> {
    await this.staffNo().fill(staffNo);
    await this.password().fill(password);
    await this.password().press('Enter');
  }

  async loginAndWait(staffNo: string, password = DEMO_PASSWORD): Promise<void> {
    await this.login(staffNo, password);
    await expect(this.page.getByTestId('topbar-user')).toContainText(staffNo);
  }
}

/** A new desk page where the teller T001 has signed in and opened the contracted loan (where face-to-face signing starts). */
export async function deskAtContractedLoan(browser: Browser, hostUrl: string, applicationId: string): Promise<Page> {
  const desk = await browser.newPage();
  const login = new LoginPage(desk, () => hostUrl);
  await login.open();
  await login.loginAndWait('T001');
  await desk.goto(`${hostUrl}#/loans/${encodeURIComponent(applicationId)}`);
  await expect(desk.getByTestId('application-state')).toHaveText('已生成合同');
  return desk;
}
