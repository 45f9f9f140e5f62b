import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { REPO_ROOT } from './support/host';
import { shot } from './support/screens';

interface VillagePage {
  pageUrl: string;
  head: { name: string; id: string; phone: string };
  /** The last one-time code head office "sent" (the demo prints its SMS). */
  lastCode(): string | null;
}

// Head office's self-service page, as a household member opens it from the village marketing QR code on a phone.
const test = base.extend<object, { village: VillagePage }>({
  village: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-village-'));
      const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/e2e/support/village-page-main.ts', dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const errors: string[] = [];
      child.stderr!.on('data', (c: Buffer) => errors.push(c.toString('utf8')));
      const ready = await new Promise<Omit<VillagePage, 'lastCode'>>((done, fail) => {
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const m = /VILLAGE (\{.*\})\n/.exec(out);
          if (m) done(JSON.parse(m[1]!) as Omit<VillagePage, 'lastCode'>);
        });
        child.once('exit', (code) => fail(new Error(`village head office exited (${code}):\n${errors.join('')}`)));
      });
      await use({ ...ready, lastCode: () => [...out.matchAll(/验证码为 (\d{6})/g)].at(-1)?.[1] ?? null });
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000);
      });
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ mode: 'serial' });

async function askForCode(page: Page, village: VillagePage, who: { name: string; id: string }) {
  await page.getByTestId('qr-name').fill(who.name);
  await page.getByTestId('qr-id-number').fill(who.id);
  const before = village.lastCode();
  await page.getByTestId('qr-send-code').click();
  await expect(page.getByTestId('qr-message')).toContainText('验证码已发送');
  return before;
}

test('a household head signs the credit line and draws within it on the phone, with a one-time code to the phone on file', async ({ page, village }) => {
  await page.goto(village.pageUrl);
  await expect(page.locator('header')).toContainText('东阳村');

  await test.step('a wrong code is refused, the right one opens the line', async () => {
    const before = await askForCode(page, village, village.head);
    await expect.poll(() => village.lastCode()).not.toBe(before);
    const code = village.lastCode()!;
    await page.getByTestId('qr-code').fill(code === '000000' ? '000001' : '000000');
    await page.getByTestId('qr-verify').click();
    await expect(page.getByTestId('qr-message')).toHaveText('验证码不正确 (wrong code)');
    await page.getByTestId('qr-code').fill(code);
    await page.getByTestId('qr-verify').click();
    await expect(page.getByTestId('qr-terms')).toContainText('授信额度 Credit limit: 50,000.00 元');
    await expect(page.getByTestId('qr-available')).toContainText('50,000.00');
  });

  await test.step('sign the contract with a drawn signature', async () => {
    await page.getByTestId('qr-sign').click();
    await expect(page.getByTestId('qr-result')).toContainText('请先在签名框内签名');
    const pad = (await page.getByTestId('qr-signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 20, pad.y + 40);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 20 + i * 25, pad.y + 40 + (i % 2) * 50);
    await page.mouse.up();
    await page.getByTestId('qr-sign').click();
    await expect(page.getByTestId('qr-result')).toHaveText('签约成功 Signed');
    await expect(page.getByTestId('qr-draw-panel')).toBeVisible();
  });

  await test.step('draw within the line; more than is left is refused', async () => {
    await page.getByTestId('qr-amount').fill('60000');
    await page.getByTestId('qr-draw').click();
    await expect(page.getByTestId('qr-result')).toContainText('超过可用额度');
    await page.getByTestId('qr-amount').fill('12000');
    await page.getByTestId('qr-draw').click();
    await expect(page.getByTestId('qr-result')).toContainText('用信申请已受理 Drawdown requested: 12,000.00 元');
    await expect(page.getByTestId('qr-available')).toContainText('38,000.00');
    await expect(page.getByTestId('qr-drawdowns')).toContainText('12,000.00 元');
    await shot(page, 'village-qr-01-drawn');
  });
});

test('someone guessing codes is locked out and learns nothing about whether the ID number has a line', async ({ page, village }) => {
  await page.goto(village.pageUrl);
  const messages: string[] = [];
  for (let i = 0; i < 10; i++) {
    // An ID number with no credit line gets the same answer as a real one; five wrong codes void a code.
    if (i % 5 === 0) await askForCode(page, village, { name: '张三', id: '141081199001011234' });
    await page.getByTestId('qr-code').fill('123456');
    await page.getByTestId('qr-verify').click();
    // The message was cleared (or says a code was sent): wait for this answer, not the text before it.
    await expect(page.getByTestId('qr-message')).not.toHaveText(/^$|验证码已发送/);
    messages.push(await page.getByTestId('qr-message').innerText());
    await page.getByTestId('qr-message').evaluate((el) => (el.textContent = ''));
  }
  expect(messages.slice(0, 9)).toEqual(Array(9).fill('验证码不正确 (wrong code)'));
  expect(messages[9]).toContain('已锁定');
  await page.getByTestId('qr-send-code').click();
  await expect(page.getByTestId('qr-message')).toContainText('错误次数过多，已锁定');
  await shot(page, 'village-qr-02-locked');
});
