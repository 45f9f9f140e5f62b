import { createServer } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { contractedGoldApplication, type StaffCall } from '../../main/core/credit/gold-collar.fixture';
import { DEMO_PASSWORD, deskAtContractedLoan } from './pages/login-page';
import { apiAs } from './support/api';
import { startHost } from './support/host';

// The offline face-to-face (village link: head office's media server cannot be reached). The customer manager
// records the signing with the desk's camera (Chromium's fake one) — the recording and a face snapshot stay on the loan
// with their SHA-256 in the audit log — then the customer signs on the branch's tablet, which the desk host serves on
// the LAN and which pairs to the desk by the one-time code on the desk's screen. The signature is bound to the
// contract's digest and the recording's, checked when shown, and the loan page plays the recording.

const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run', ...FAKE_MEDIA],
  },
});

interface App { id: string; rev: string; state: string; contract: { digest: string } | null; disbursement: { loanId: string } | null }

/** A port nothing listens on: head office's media server as a village branch sees it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/** A 富民金领贷 for the demo's civil servant, approved and contracted through the API (set-up, not what is tested). */
async function contractedApplication(call: StaffCall): Promise<{ app: App; accountNo: string }> {
  const [customer] = (await call('customers.search', { q: '周文博', limit: 1 })) as { id: string }[];
  const [account] = (await call('customers.accounts', { id: customer!.id })) as { accountNo: string }[];
  return { app: await contractedGoldApplication<App>(call, customer!.id), accountNo: account!.accountNo };
}

/** The branch tablet: portrait, touch, trusting the branch CA (here: the test's browser takes the LAN certificate). */
async function tablet(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, ignoreHTTPSErrors: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function typeCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('tablet-code').fill(code);
  await page.getByTestId('tablet-pair').click();
}

/** The customer writes on the pad (a mouse stands in for the finger). */
async function drawName(page: Page): Promise<void> {
  const pad = (await page.getByTestId('tablet-pad').boundingBox())!;
  for (const [x0, strokes] of [[0.12, [[0, 0.3], [0.05, 0.7], [0.1, 0.35], [0.14, 0.75]]], [0.4, [[0, 0.5], [0.08, 0.2], [0.16, 0.6], [0.22, 0.4]]]] as const) {
    await page.mouse.move(pad.x + pad.width * x0, pad.y + pad.height * 0.5);
    await page.mouse.down();
    for (const [dx, y] of strokes) await page.mouse.move(pad.x + pad.width * (x0 + dx), pad.y + pad.height * y, { steps: 4 });
    await page.mouse.up();
  }
}

async function expectPlayable(page: Page): Promise<void> {
  const evidence = page.getByTestId('face-sign-evidence');
  await expect(evidence.getByTestId('recording-audit')).toHaveText('校验值与审计记录一致，审计记录完整');
  const digest = await evidence.getByTestId('recording-meta').getAttribute('data-digest');
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  await expect(evidence.getByTestId('recording-audit')).toHaveAttribute('data-digest', digest!);
  const player = evidence.getByTestId('recording-player');
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => Number(v.dataset.framesDecoded ?? 0)), { timeout: 20_000 }).toBeGreaterThan(0);
}

test('offline face-to-face: the desk records with a face snapshot, the customer signs on the branch tablet paired by the desk\'s code, and the loan keeps both, checked', async ({ browser }) => {
  test.setTimeout(300_000);
  const host = await startHost({ args: ['--media', `http://127.0.0.1:${await closedPort()}`, '--tablet', '127.0.0.1:0'], env: { JINGWEI_MEDIA_KEY: 'village-branch-media-key-0001' } });
  try {
    const tabletUrl = /平板签字 Tablet signing: (https:\/\/\S+)/.exec(host.output())![1]!;
    const call = await apiAs(host.url, 'T001');
    const { app, accountNo } = await contractedApplication(call);

    const desk = await deskAtContractedLoan(browser, host.url, app.id);
    // Head office's media server cannot be reached: the desk says so and points to the recording at the desk.
    await desk.getByTestId('video-start').click();
    await expect(desk.getByRole('alert')).toContainText('无法连接总行视频面签服务器');

    await desk.getByLabel('面签备注').fill('总行视频服务不可达，本人到场录像面签');
    await desk.getByTestId('recorder-start').click();
    await expect(desk.getByTestId('recorder-status')).toContainText('录像中');
    await desk.waitForTimeout(3000);
    await desk.getByTestId('recorder-stop').click();
    await expect(desk.getByTestId('application-state')).toHaveText('已面签', { timeout: 30_000 });
    await expectPlayable(desk);
    // The desk's face snapshot is kept with the recording, its digest the one in the audit entry.
    const face = desk.getByTestId('face-snapshot');
    await expect(face).toContainText('柜台摄像头');
    await expect(face.getByTestId('face-audit')).toHaveText('校验值与审计记录一致，审计记录完整');
    expect(await face.getByRole('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);
    const recordingDigest = (await desk.getByTestId('recording-meta').getAttribute('data-digest'))!;

    // No staff click signs for the customer now: the desk makes the tablet's one-time code.
    await expect(desk.getByTestId('next-step-button')).toHaveCount(0);
    await desk.getByTestId('tablet-desk-start').click();
    const code = (await desk.getByTestId('tablet-desk-code').textContent())!.trim();
    expect(code).toMatch(/^\d{6}$/);

    // The tablet: a wrong code, then the desk's; it shows the contract in short with both digests.
    const pad = await tablet(browser, tabletUrl);
    await typeCode(pad, String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await expect(pad.getByTestId('tablet-error')).toContainText('配对码不正确');
    await typeCode(pad, code);
    await expect(pad.getByTestId('tablet-customer')).toHaveText('周文博');
    await expect(pad.getByTestId('tablet-amount')).toContainText('100,000.00');
    await expect(pad.getByTestId('tablet-contract-digest')).toHaveAttribute('data-digest', app.contract!.digest);
    await expect(pad.getByTestId('tablet-recording-digest')).toHaveAttribute('data-digest', recordingDigest);
    await expect(desk.getByTestId('tablet-desk-status')).toContainText('平板（127.0.0.1）已配对');
    // The tablet's listener answers the signing only: no login, no customer data from a page on the LAN.
    const login403 = await pad.evaluate(() => fetch('/api/session.login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffNo: 'T001', password: 'x' }) }).then(async (r) => ({ status: r.status, body: await r.json() as { error: { message: string } } })));
    expect(login403.status).toBe(403);
    expect(login403.body.error.message).toContain('只办理客户签字');

    // A second tablet with the same code is refused.
    const other = await tablet(browser, tabletUrl);
    await typeCode(other, code);
    await expect(other.getByTestId('tablet-error')).toContainText('该配对码已使用过');

    // A tampered tablet sends a signature for another contract digest: refused, nothing signed.
    await pad.route('**/api/tablet.sign', (route) => route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), contractDigest: `sha256:${'0'.repeat(64)}` }) }));
    await drawName(pad);
    await pad.getByTestId('tablet-sign').click();
    await expect(pad.getByTestId('tablet-error')).toContainText('签名所对应的合同摘要与本笔合同不符');
    await expect(desk.getByTestId('application-state')).toHaveText('已面签');
    await pad.unroute('**/api/tablet.sign');

    // The customer signs; the desk moves on by itself and shows the signature, checked.
    await pad.getByTestId('tablet-sign').click();
    await expect(pad.getByTestId('tablet-done')).toContainText('签署完成');
    const signatureDigest = (await pad.getByTestId('tablet-done').getAttribute('data-digest'))!;
    await expect(desk.getByTestId('application-state')).toHaveText('已电子签约', { timeout: 15_000 });
    const evidence = desk.getByTestId('tablet-signature-evidence');
    await expect(evidence.getByTestId('tablet-signature-check')).toHaveText('核验通过：签名与本合同摘要、面签录像摘要绑定，与审计记录一致');
    await expect(evidence.getByTestId('tablet-signature-meta')).toHaveAttribute('data-digest', signatureDigest);
    await expect(evidence.getByTestId('tablet-signature-meta')).toContainText('在平板 127.0.0.1 上签署 · 柜员 T001 配对');
    expect(Number(await evidence.getByTestId('tablet-signature-drawn').getAttribute('data-points'))).toBeGreaterThan(12);
    const history = (await call('loans.history', { id: app.id })) as { action: string; signatureDigest: string | null; recordingDigest: string | null; integrity: string }[];
    expect(history.filter((h) => h.action === 'loan.eSign')).toEqual([expect.objectContaining({ signatureDigest, integrity: 'ok' })]);
    // The used code cannot pair again.
    await typeCode(other, code);
    await expect(other.getByTestId('tablet-error')).toContainText('该配对码已使用过');

    // The second person pays out; the loan page plays the recording and shows the signature, both checked.
    const signed = (await call('loans.get', { id: app.id })) as App;
    const paid = (await call('loans.disburse', { id: signed.id, rev: signed.rev, accountNo, checker: { staffNo: 'H001', password: DEMO_PASSWORD } })) as App;
    await desk.goto(`${host.url}#/loans/loan/${encodeURIComponent(paid.disbursement!.loanId)}`);
    await expect(desk.getByTestId('loan-page')).toBeVisible();
    await expectPlayable(desk);
    await expect(desk.getByTestId('tablet-signature-check')).toContainText('核验通过');
  } finally {
    await host.dispose();
  }
});
