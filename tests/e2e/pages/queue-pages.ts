import { expect, type Page } from '@playwright/test';

/** The 叫号机 page as a customer sees it. */
export class KioskPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, kioskKey: string): Promise<void> {
    await this.page.goto(`${baseUrl}?role=kiosk&kioskKey=${encodeURIComponent(kioskKey)}`);
    await expect(this.service('cash')).toBeVisible();
  }

  readonly service = (code: string) => this.page.getByTestId(`kiosk-service-${code}`);
  readonly ticketNumber = () => this.page.getByTestId('ticket-number');
  readonly ticket = () => this.page.getByTestId('kiosk-ticket');
  readonly marketing = () => this.page.getByTestId('kiosk-marketing');
  readonly idField = () => this.page.getByTestId('kiosk-id');
  readonly error = () => this.page.getByTestId('kiosk-error');
  readonly clearId = () => this.page.getByTestId('kiosk-id-clear');

  /** Takes a ticket and returns to the service buttons, as the next customer would find the kiosk. */
  async take(code: string, expected: string): Promise<void> {
    await this.service(code).click();
    await expect(this.ticketNumber()).toHaveText(expected);
    await this.page.getByTestId('kiosk-done').click();
    await expect(this.service(code)).toBeVisible();
  }
}

/** The 大厅屏, opened by URL without any login. */
export class HallPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}?role=hall`);
    await expect(this.page.getByTestId('hall-waiting')).toBeVisible();
  }

  readonly currentNumber = () => this.page.getByTestId('hall-current-number');
  readonly current = () => this.page.getByTestId('hall-current');
  readonly waiting = (code: string) => this.page.getByTestId(`hall-waiting-${code}`);
  readonly recent = () => this.page.getByTestId('hall-recent').locator('li');

  async expectCall(number: string, counterName: string): Promise<void> {
    await expect(this.currentNumber()).toHaveText(number);
    await expect(this.current()).toContainText(`请${number}号到${counterName}`);
  }

  async flashCount(): Promise<number> {
    return Number(await this.current().getAttribute('data-flash'));
  }
}

/** The teller's 叫号 screen on the desk: one function key per action. */
export class CounterPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/queue`);
    await expect(this.page.getByTestId('queue-counter-select')).toBeVisible();
  }

  async useCounter(no: number): Promise<void> {
    await this.page.getByTestId('queue-counter-select').selectOption(String(no));
    await expect(this.page.getByTestId('queue-counter-status')).toBeVisible();
  }

  readonly currentNumber = () => this.page.getByTestId('queue-current-number');
  readonly message = () => this.page.getByTestId('queue-message');

  async press(key: 'F5' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10'): Promise<void> {
    await this.page.keyboard.press(key);
  }
}
