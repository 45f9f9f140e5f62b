import { createHash } from 'node:crypto';
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyDoc } from '../../trust/signature';
import { generateHeadOfficeKeys, saveHeadOfficeKeys } from '../../trust/head-office-keys';
import { DEMO_KEYS_FILE } from '../../main/demo/demo-trust';
import { goldData, goldFacts, GOLD_ID } from '../../main/core/credit/gold-collar.fixture';
import { LoginPage } from './pages/login-page';
import { apiAs } from './support/api';
import { startHost } from './support/host';
import { DEFAULT_RULE_SETS, videoScriptOf } from '../../domain/credit/rules';
import { mediaServerForSpec } from './support/media-server';
import { makeIdCardFiles } from './support/ocr-fixture';

// 视频面签 through the real mediasoup worker: the customer manager at the desk and the customer on a phone, both with
// Chromium's fake camera and microphone.

// Head office's keys: the media server signs receipts with them, and the branch host of the desk story trusts them.
const headOffice = generateHeadOfficeKeys(true);
const server = mediaServerForSpec(undefined, headOffice);

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  return context.newPage();
}

const framesDecoded = (page: Page) => page.getByTestId('link-quality').evaluate((el) => Number((el as HTMLElement).dataset.framesDecoded ?? 0));

const CONTRACT = `sha256:${'c'.repeat(64)}`;
const PHONE = '13912345678';
const JOIN = 60_000;

test('the customer manager and the customer see each other through head office, go through the script, and the customer signs', async ({ page, browser }) => {
  const media = server();
  // Joining (camera, HTTP signalling, ICE + DTLS) takes seconds on a quiet machine, tens of them at load 50; head
  // office's OCR loads its models at the first ID photo.
  test.setTimeout(420_000);
  // The customer's ID card as a phone photographs it (tests/fixtures/ocr, photo level), and the file the branch holds.
  const card = makeIdCardFiles(16, 'photo');
  const room = await media.openRoom('APP-VIDEO-1', {
    contractDigest: CONTRACT, customerPhone: PHONE, terms: ['借款金额 200,000.00 元', '年利率 4.35%', '期限 36 个月'],
    customerName: card.truth.name, customerIdNumber: card.truth.idNumber,
  });
  await page.goto(media.joinUrl(room.manager.token));
  const customer = await phone(browser);
  await customer.goto(media.joinUrl(room.customer.token));

  await expect(customer.getByTestId('join-status')).toContainText('已连接', { timeout: JOIN });
  await expect(page.getByTestId('join-status')).toContainText('已连接', { timeout: JOIN });
  await expect.poll(() => framesDecoded(customer), { timeout: JOIN }).toBeGreaterThan(0);
  await expect.poll(() => framesDecoded(page), { timeout: JOIN }).toBeGreaterThan(0);
  await expect(customer.getByTestId('link-quality')).toContainText('画面');

  // The script, as head office keeps it. Identity first: the desk cannot move on until the customer's card is checked.
  await expect(page.getByTestId('script-current')).toContainText('身份证');
  await expect(page.getByTestId('script-next')).toBeDisabled();
  await expect(customer.getByTestId('sign-panel')).toBeHidden();
  await customer.getByTestId('id-photo').setInputFiles(card.front);
  await expect(customer.getByTestId('script-result')).toContainText('身份证核对一致', { timeout: 180_000 });
  await expect(page.getByTestId('script-result')).toContainText('身份证核对一致', { timeout: JOIN });

  // The risk notice, clause by clause: the manager reads it out (keyboard: Next has the focus once the step is done),
  // the customer says 我确认 and taps; the tap's time is head office's.
  const clauses = await page.getByTestId('script-steps').locator('li[data-step^="clause-"]').allTextContents();
  expect(clauses.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i <= clauses.length; i++) {
    await expect(page.getByTestId('script-next')).toBeFocused({ timeout: JOIN });
    await page.keyboard.press('Enter');
    await expect(customer.getByTestId('script-current')).toContainText(clauses[i - 1]!.replace(/✓.*$/, ''), { timeout: JOIN });
    await expect(page.getByTestId('script-next')).toBeDisabled();
    await customer.getByTestId('confirm-clause').click();
    await expect(page.getByTestId('script-steps').locator(`li[data-step="clause-${i}"]`)).toContainText(/✓ \d{2}:\d{2}:\d{2}/, { timeout: JOIN });
  }
  await expect(page.getByTestId('recording-status')).toContainText('正在录像');
  await page.getByTestId('script-next').click();
  await expect(page.getByTestId('script-result')).toContainText('等待客户签署', { timeout: JOIN });
  // The desk recorded the session (both pictures, both voices) up to here and sends it to head office.
  await expect(page.getByTestId('recording-status')).toContainText('录像已上传', { timeout: 120_000 });
  const recordingDigest = await page.getByTestId('recording-status').getAttribute('data-digest');

  // Key terms on the phone, a drawn signature and the code head office sent to the phone.
  await expect(customer.getByTestId('sign-terms')).toContainText('借款金额 200,000.00 元');
  await customer.getByTestId('sign-submit').click();
  await expect(customer.getByTestId('sign-result')).toContainText('请先在签名框内签名');
  const pad = await customer.getByTestId('signature-pad').boundingBox();
  await customer.mouse.move(pad!.x + 20, pad!.y + 60);
  await customer.mouse.down();
  for (const [dx, dy] of [[60, -30], [120, 30], [180, -20], [240, 40]] as const) await customer.mouse.move(pad!.x + dx, pad!.y + 60 + dy);
  await customer.mouse.up();
  await customer.getByTestId('sign-code').fill(media.lastCode(PHONE) === '000000' ? '111111' : '000000');
  await customer.getByTestId('sign-submit').click();
  await expect(customer.getByTestId('sign-result')).toContainText('验证码不正确');
  await customer.getByTestId('sign-code').fill(media.lastCode(PHONE));
  await customer.getByTestId('sign-submit').click();
  await expect(customer.getByTestId('sign-result')).toContainText('已签署');

  // The branch fetches head office's receipt: bound to this contract, verifiable with head office's key.
  const receipt = (await (await fetch(`${media.url}/media/rooms/face-sign:APP-VIDEO-1/receipt`, {
    headers: { authorization: `Bearer ${media.key}` },
  })).json()) as { receipt: Record<string, unknown> };
  expect(receipt.receipt).toMatchObject({ type: 'video-signature', applicationId: 'APP-VIDEO-1', contractDigest: CONTRACT });
  expect(receipt.receipt.signatureDigest).toBe(await customer.getByTestId('sign-result').getAttribute('data-signature-digest'));
  expect(verifyDoc(receipt.receipt, media.trust)).toBe(true);
  // The session is in the receipt: when the card was checked, each clause confirmed, in order, before the signature.
  const session = receipt.receipt.session as { identityCheckedAt: string; confirmations: { step: string; at: string }[] };
  expect(session.confirmations.map((c) => c.step)).toEqual(clauses.map((_, i) => `clause-${i + 1}`));
  const times = [session.identityCheckedAt, ...session.confirmations.map((c) => c.at), String(receipt.receipt.signedAt)].map(Date.parse);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  // Bound to the recording head office holds: same bytes, same digest, and it plays.
  expect(receipt.receipt.recordingDigest).toBe(recordingDigest);
  const file = new Uint8Array(await (await fetch(`${media.url}/media/recordings/face-sign:APP-VIDEO-1/file`, {
    headers: { authorization: `Bearer ${media.key}` },
  })).arrayBuffer());
  expect(`sha256:${createHash('sha256').update(file).digest('hex')}`).toBe(recordingDigest);
  const player = await browser.newPage();
  await player.setContent('<video muted playsinline></video>');
  const decoded = await player.evaluate(async (b64) => {
    const video = document.querySelector('video')!;
    video.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'video/webm' }));
    await video.play();
    await new Promise((r) => setTimeout(r, 1500));
    return video.getVideoPlaybackQuality().totalVideoFrames;
  }, Buffer.from(file).toString('base64'));
  expect(decoded).toBeGreaterThan(0);
  await player.close();
  await expect(page.getByTestId('script-result')).toContainText('客户已签署', { timeout: JOIN });

  // The links were one-time: opening one again, or a second customer, is refused in words.
  const again = await phone(browser);
  await again.goto(media.joinUrl(room.customer.token));
  await expect(again.getByTestId('join-status')).toContainText('链接已使用过', { timeout: JOIN });
  const second = await media.openRoom('APP-VIDEO-1', { contractDigest: CONTRACT, customerPhone: PHONE });
  await again.goto(media.joinUrl(second.customer.token));
  await again.reload();
  await expect(again.getByTestId('join-status')).toContainText('已有客户加入', { timeout: JOIN });
  await again.goto(media.joinUrl('forged-token-' + 'x'.repeat(30)));
  await again.reload();
  await expect(again.getByTestId('join-status')).toContainText('链接无效', { timeout: JOIN });
});

async function drawSignature(customer: Page): Promise<void> {
  // Below the video on a phone's screen: the customer scrolls to it first.
  await customer.getByTestId('signature-pad').scrollIntoViewIfNeeded();
  const pad = await customer.getByTestId('signature-pad').boundingBox();
  await customer.mouse.move(pad!.x + 20, pad!.y + 60);
  await customer.mouse.down();
  for (const [dx, dy] of [[60, -30], [120, 30], [180, -20], [240, 40]] as const) await customer.mouse.move(pad!.x + dx, pad!.y + 60 + dy);
  await customer.mouse.up();
}

test('视频面签 from the desk: QR code for the phone, the session, and the signature and the recording kept on the loan', async ({ browser }) => {
  test.setTimeout(540_000);
  const media = server();
  // The demo branch host (its customer 周文博), trusting head office's keys and configured with the media server.
  const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-video-'));
  saveHeadOfficeKeys(join(dataDir, DEMO_KEYS_FILE), headOffice);
  const host = await startHost({ dataDir, args: ['--media', media.url], env: { JINGWEI_MEDIA_KEY: media.key } });
  try {
    const call = await apiAs(host.url, 'T001');
    const [person] = (await call('customers.search', { q: '周文博', limit: 1 })) as { id: string }[];
    let app = (await call('loans.createDraft', { customerId: person!.id, productCode: 'gold-collar' })) as { id: string; rev: string };
    app = (await call('loans.update', {
      id: app.id, rev: app.rev,
      patch: { requestedAmountFen: 10_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: goldFacts },
    })) as typeof app;
    app = (await call('loans.submit', { id: app.id, rev: app.rev })) as typeof app;
    app = (await call('loans.generateContract', { id: app.id, rev: app.rev })) as typeof app;

    const desk = await browser.newPage();
    const login = new LoginPage(desk, () => host.url);
    await login.open();
    await login.loginAndWait('T001');
    await desk.goto(`${host.url}#/loans/${encodeURIComponent(app.id)}`);
    await expect(desk.getByTestId('application-state')).toHaveText('已生成合同');
    await desk.getByTestId('video-start').focus();
    await desk.keyboard.press('Enter');
    await expect(desk.getByTestId('video-qr')).toBeVisible({ timeout: JOIN });
    const customerUrl = await desk.getByTestId('video-customer-link').inputValue();
    // The customer manager's session window opens from the desk; the customer opens the QR code's link on the phone.
    const [session] = await Promise.all([desk.context().waitForEvent('page'), desk.getByTestId('video-manager-link').click()]);
    const customer = await phone(browser);
    await customer.goto(customerUrl);
    await expect(customer.getByTestId('join-status')).toContainText('已连接', { timeout: JOIN });
    await expect.poll(() => framesDecoded(session), { timeout: JOIN }).toBeGreaterThan(0);

    // The card 周文博 shows to the phone, photographed (head office reads it against the branch's file).
    const card = makeIdCardFiles(7, 'photo', {
      name: '周文博', sex: '男', ethnicity: '汉', birthDate: '1985-06-12', address: '山西省侯马市浍滨街道平阳路12号',
      addressLines: ['山西省侯马市浍滨街道', '平阳路12号'], idNumber: GOLD_ID, issuingAuthority: '侯马市公安局', validFrom: '2020-01-01', validUntil: '2040-01-01',
    });
    await customer.getByTestId('id-photo').setInputFiles(card.front);
    await expect(session.getByTestId('script-result')).toContainText('身份证核对一致', { timeout: 180_000 });
    // The risk notice is the product's, from its published rule set (version 1 of 富民金领贷 on the demo branch).
    const notice = videoScriptOf(DEFAULT_RULE_SETS['gold-collar']).riskNotice;
    await expect(session.getByTestId('script-steps').locator('li[data-step^="clause-"]')).toHaveText(notice.map((t) => new RegExp(`^${t}`)));
    const clauses = notice.length;
    for (let i = 1; i <= clauses; i++) {
      await session.getByTestId('script-next').click();
      await customer.getByTestId('confirm-clause').click();
      await expect(session.getByTestId('script-steps').locator(`li[data-step="clause-${i}"]`)).toContainText('✓', { timeout: JOIN });
    }
    await session.getByTestId('script-next').click();
    await expect(session.getByTestId('recording-status')).toContainText('录像已上传', { timeout: 120_000 });
    const recordingDigest = await session.getByTestId('recording-status').getAttribute('data-digest');
    await expect(customer.getByTestId('sign-terms')).toContainText('借款金额 100,000.00元');
    await expect(customer.getByTestId('sign-terms')).toContainText('还款方式 等额本息');
    await drawSignature(customer);
    await customer.getByTestId('sign-code').fill(media.lastCode('13803571234'));
    await customer.getByTestId('sign-submit').click();
    await expect(customer.getByTestId('sign-result')).toContainText('已签署');

    // Back at the desk: the signature and the recording come onto the loan; the recording plays with its audited digest.
    await desk.getByTestId('video-complete').click();
    await expect(desk.getByTestId('application-state')).toHaveText('已电子签约', { timeout: JOIN });
    const evidence = desk.getByTestId('face-sign-evidence');
    await expect(evidence.getByTestId('recording-audit')).toHaveText('校验值与审计记录一致，审计记录完整', { timeout: JOIN });
    await expect(evidence.getByTestId('recording-audit')).toHaveAttribute('data-digest', recordingDigest!);
    // The receipt on the loan names the rule-set version whose notice was read.
    const signed = (await call('loans.get', { id: app.id })) as { eSign: { video: { ruleSet: { product: string; version: number } } } };
    expect(signed.eSign.video.ruleSet).toMatchObject({ product: 'gold-collar', version: 1 });
    const player = evidence.getByTestId('recording-player');
    await player.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => Number(v.dataset.framesDecoded ?? 0)), { timeout: 30_000 }).toBeGreaterThan(0);
  } finally {
    await host.dispose();
  }
});
