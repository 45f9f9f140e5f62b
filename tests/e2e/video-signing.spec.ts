import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyDoc } from '../../trust/signature';
import { generateHeadOfficeKeys, saveHeadOfficeKeys } from '../../trust/head-office-keys';
import { DEMO_KEYS_FILE } from '../../main/demo/demo-trust';
import { contractedGoldApplication, GOLD_ID } from '../../main/core/credit/gold-collar.fixture';
import type { VideoSignatureReceipt } from '../../main/core/credit/credit.contract';
import { deskAtContractedLoan } from './pages/login-page';
import { apiAs } from './support/api';
import { startHost } from './support/host';
import { DEFAULT_RULE_SETS, videoScriptOf } from '../../domain/credit/rules';
import { mediaServerForSpec } from './support/media-server';
import { makeIdCardFiles } from './support/ocr-fixture';

// 视频面签 through the real mediasoup worker: the customer manager at the desk and the customer on a phone, both with
// Chromium's fake camera and microphone. One session proves it all, from the desk's QR code to the recording played on
// the loan page (a second session only repeated the join, the OCR of the card and the recording: minutes of CI).

// Head office's keys: the media server signs receipts with them, and the branch host trusts them.
const headOffice = generateHeadOfficeKeys(true);
const server = mediaServerForSpec(undefined, headOffice);

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  return context.newPage();
}

const framesDecoded = (page: Page) => page.getByTestId('link-quality').evaluate((el) => Number((el as HTMLElement).dataset.framesDecoded ?? 0));

const PHONE = '13803571234';
const JOIN = 60_000;
// The first picture needs a key frame through the SFU: at load 40+ on this 2-core machine it took over a minute.
const FIRST_FRAME = 120_000;

async function drawSignature(customer: Page): Promise<void> {
  // Below the video on a phone's screen: the customer scrolls to it first.
  await customer.getByTestId('signature-pad').scrollIntoViewIfNeeded();
  const pad = await customer.getByTestId('signature-pad').boundingBox();
  await customer.mouse.move(pad!.x + 20, pad!.y + 60);
  await customer.mouse.down();
  for (const [dx, dy] of [[60, -30], [120, 30], [180, -20], [240, 40]] as const) await customer.mouse.move(pad!.x + dx, pad!.y + 60 + dy);
  await customer.mouse.up();
}

test('视频面签 from the desk: QR code for the phone, the scripted session through head office, the customer signs, and the signature and the recording kept on the loan', async ({ browser }) => {
  // Joining (camera, HTTP signalling, ICE + DTLS) takes seconds on a quiet machine, tens of them at load 50; head
  // office's OCR loads its models at the first ID photo.
  test.setTimeout(900_000);
  const media = server();
  // The demo branch host (its customer 周文博), trusting head office's keys and configured with the media server.
  const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-video-'));
  saveHeadOfficeKeys(join(dataDir, DEMO_KEYS_FILE), headOffice);
  const host = await startHost({ dataDir, args: ['--media', media.url], env: { JINGWEI_MEDIA_KEY: media.key } });
  try {
    const call = await apiAs(host.url, 'T001');
    const [person] = (await call('customers.search', { q: '周文博', limit: 1 })) as { id: string }[];
    const app = await contractedGoldApplication<{ id: string; rev: string }>(call, person!.id);

    const desk = await deskAtContractedLoan(browser, host.url, app.id);
    // 周文博's ID card as the phone photographs it (head office reads it against the branch's file in the session).
    const card = makeIdCardFiles(7, 'photo', {
      name: '周文博', sex: '男', ethnicity: '汉', birthDate: '1985-06-12', address: '山西省侯马市浍滨街道平阳路12号',
      addressLines: ['山西省侯马市浍滨街道', '平阳路12号'], idNumber: GOLD_ID, issuingAuthority: '侯马市公安局', validFrom: '2020-01-01', validUntil: '2040-01-01',
    });

    // 视频防伪调查 before signing: head office opens the investigation room with the product's checklist; the session
    // window's snapshots (played here by its HTTP calls: the media path is the one the signing below proves) come back
    // onto the application with head office's time and the phone's place, and the screen shows what the checklist lacks.
    await desk.getByTestId('investigation-start').click();
    await expect(desk.getByTestId('investigation-qr')).toBeVisible({ timeout: JOIN });
    const tokenIn = async (testId: string) => decodeURIComponent(((await desk.getByTestId(testId).evaluate((el) => (el as HTMLInputElement).value || (el as HTMLAnchorElement).href)).split('#t=')[1])!);
    const joinAs = async (token: string) => (await (await fetch(`${media.url}/media/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })).json()) as { peerId: string; investigation: { checklist: { code: string }[] } };
    const investigator = await joinAs(await tokenIn('investigation-manager-link'));
    const shower = await joinAs(await tokenIn('investigation-customer-link'));
    const peer = (action: string, body: object) => fetch(`${media.url}/media/peer/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await peer('location', { peerId: shower.peerId, latitude: 35.61234, longitude: 111.35678, accuracyM: 15 });
    const item = investigator.investigation.checklist[0]!.code;
    await peer('snapshot', { peerId: investigator.peerId, item, imageBase64: readFileSync(card.front).toString('base64') });
    await desk.getByTestId('investigation-save').click();
    const investigation = desk.getByTestId('investigation-evidence');
    await expect(investigation.getByTestId('investigation-verified')).toContainText('总行签名核验通过', { timeout: JOIN });
    await expect(investigation.getByTestId('investigation-snapshot')).toHaveCount(1);
    await expect(investigation.getByTestId('investigation-snapshot')).toContainText('位置 35.61234, 111.35678');
    await expect(investigation.locator(`li[data-code="${item}"]`)).toContainText('已拍 1 张');
    await expect(investigation.locator('li.missing').first()).toContainText('未拍');
    expect(await investigation.getByRole('img').first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);

    await desk.getByTestId('video-start').focus();
    await desk.keyboard.press('Enter');
    await expect(desk.getByTestId('video-qr')).toBeVisible({ timeout: JOIN });
    const customerUrl = await desk.getByTestId('video-customer-link').inputValue();
    // The customer is not at the desk: the link goes by SMS, a fresh one-time link texted by head office.
    await desk.getByTestId('video-sms').click();
    await expect(desk.getByTestId('video-sms-result')).toContainText('总行已发送一次性链接短信至 138****1234', { timeout: JOIN });
    const smsUrl = media.lastLink(PHONE);
    expect(smsUrl).toMatch(/\/media\/join#t=/);
    expect(smsUrl).not.toBe(customerUrl);
    // Asked again at once: head office texts a room's link once a minute at most, and the desk says so in words.
    await desk.getByTestId('video-sms').click();
    await expect(desk.getByTestId('video-sms-result')).toContainText('同一笔面签每分钟只能发送一次', { timeout: JOIN });
    expect(media.lastLink(PHONE)).toBe(smsUrl);
    // The customer manager's session window opens from the desk; the customer opens the QR code's link on the phone.
    const [session] = await Promise.all([desk.context().waitForEvent('page'), desk.getByTestId('video-manager-link').click()]);
    // The session window is the manager's tab in front (a tab behind it may have its video decoding suspended).
    await session.bringToFront();
    const customer = await phone(browser);
    await customer.goto(smsUrl);
    await expect(customer.getByTestId('join-status')).toContainText('已连接', { timeout: JOIN });
    await expect(session.getByTestId('join-status')).toContainText('已连接', { timeout: JOIN });
    await expect.poll(() => framesDecoded(customer), { timeout: FIRST_FRAME }).toBeGreaterThan(0);
    await expect.poll(() => framesDecoded(session), { timeout: FIRST_FRAME }).toBeGreaterThan(0);
    await expect(customer.getByTestId('link-quality')).toContainText('画面');

    // The script, as head office keeps it. Identity first: the desk cannot move on until the customer's card is checked.
    await expect(session.getByTestId('script-current')).toContainText('身份证');
    await expect(session.getByTestId('script-next')).toBeDisabled();
    await expect(customer.getByTestId('sign-panel')).toBeHidden();
    await customer.getByTestId('id-photo').setInputFiles(card.front);
    await expect(customer.getByTestId('script-result')).toContainText('身份证核对一致', { timeout: 180_000 });
    await expect(session.getByTestId('script-result')).toContainText('身份证核对一致', { timeout: JOIN });

    // The risk notice is the product's, from its published rule set (version 1 of 富民金领贷 on the demo branch), clause
    // by clause: the manager reads it out (keyboard: Next has the focus once the step is done), the customer says 我确认
    // and taps; the tap's time is head office's.
    const notice = videoScriptOf(DEFAULT_RULE_SETS['gold-collar']).riskNotice;
    expect(notice.length).toBeGreaterThanOrEqual(3);
    await expect(session.getByTestId('script-steps').locator('li[data-step^="clause-"]')).toHaveText(notice.map((t) => new RegExp(`^${t}`)));
    for (let i = 1; i <= notice.length; i++) {
      await expect(session.getByTestId('script-next')).toBeFocused({ timeout: JOIN });
      await session.keyboard.press('Enter');
      await expect(customer.getByTestId('script-current')).toContainText(notice[i - 1]!, { timeout: JOIN });
      await expect(session.getByTestId('script-next')).toBeDisabled();
      await customer.getByTestId('confirm-clause').click();
      await expect(session.getByTestId('script-steps').locator(`li[data-step="clause-${i}"]`)).toContainText(/✓ \d{2}:\d{2}:\d{2}/, { timeout: JOIN });
    }
    await expect(session.getByTestId('recording-status')).toContainText('正在录像');
    await session.getByTestId('script-next').click();
    await expect(session.getByTestId('script-result')).toContainText('等待客户签署', { timeout: JOIN });
    // The session window recorded the session (both pictures, both voices) up to here and sends it to head office.
    await expect(session.getByTestId('recording-status')).toContainText('录像已上传', { timeout: 120_000 });
    const recordingDigest = await session.getByTestId('recording-status').getAttribute('data-digest');

    // The key terms of this contract on the phone, a drawn signature and the code head office sent to the phone.
    await expect(customer.getByTestId('sign-terms')).toContainText('借款金额 100,000.00元');
    await expect(customer.getByTestId('sign-terms')).toContainText('还款方式 等额本息');
    await customer.getByTestId('sign-submit').click();
    await expect(customer.getByTestId('sign-result')).toContainText('请先在签名框内签名');
    await drawSignature(customer);
    const code = media.lastCode(PHONE);
    await customer.getByTestId('sign-code').fill(code === '000000' ? '111111' : '000000');
    await customer.getByTestId('sign-submit').click();
    await expect(customer.getByTestId('sign-result')).toContainText('验证码不正确');
    await customer.getByTestId('sign-code').fill(code);
    await customer.getByTestId('sign-submit').click();
    await expect(customer.getByTestId('sign-result')).toContainText('已签署');
    await expect(session.getByTestId('script-result')).toContainText('客户已签署', { timeout: JOIN });

    // Back at the desk (its tab in front again: a tab behind for minutes has its timers throttled): the signature and the
    // recording come onto the loan; the recording plays with its audited digest.
    await desk.bringToFront();
    await desk.getByTestId('video-complete').click();
    await expect(desk.getByTestId('application-state')).toHaveText('已电子签约', { timeout: JOIN });
    const evidence = desk.getByTestId('face-sign-evidence');
    await expect(evidence.getByTestId('recording-audit')).toHaveText('校验值与审计记录一致，审计记录完整', { timeout: JOIN });
    await expect(evidence.getByTestId('recording-audit')).toHaveAttribute('data-digest', recordingDigest!);
    // The customer's face as the phone's camera saw it when the card passed: kept on the loan, its digest audited.
    const face = evidence.getByTestId('face-snapshot');
    await expect(face.getByTestId('face-audit')).toHaveText('校验值与审计记录一致，审计记录完整', { timeout: JOIN });
    expect(await face.getByRole('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);
    const player = evidence.getByTestId('recording-player');
    await player.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => Number(v.dataset.framesDecoded ?? 0)), { timeout: 30_000 }).toBeGreaterThan(0);

    // Head office's receipt on the loan: verifiable with head office's key, bound to this contract, this signature and
    // this recording, naming the rule-set version whose notice was read; each clause confirmed, in order, after the
    // card was checked and before the signature.
    const signed = (await call('loans.get', { id: app.id })) as { contract: { digest: string }; eSign: { video: VideoSignatureReceipt } };
    const receipt = signed.eSign.video;
    expect(verifyDoc(receipt, media.trust)).toBe(true);
    expect(receipt).toMatchObject({ type: 'video-signature', applicationId: app.id, contractDigest: signed.contract.digest, recordingDigest });
    expect(receipt.ruleSet).toMatchObject({ product: 'gold-collar', version: 1 });
    expect(receipt.session.faceSnapshotDigest).toBe(await face.getAttribute('data-digest'));
    expect(receipt.signatureDigest).toBe(await customer.getByTestId('sign-result').getAttribute('data-signature-digest'));
    expect(receipt.session.confirmations.map((c) => c.step)).toEqual(notice.map((_, i) => `clause-${i + 1}`));
    const times = [receipt.session.identityCheckedAt, ...receipt.session.confirmations.map((c) => c.at), receipt.signedAt].map(Date.parse);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The links were one-time: opening the texted one again, or a second customer while the first is in the room (the
    // QR code's link, unused, or a new room link), or a forged link, is refused in words.
    const again = await phone(browser);
    await again.goto(smsUrl);
    await expect(again.getByTestId('join-status')).toContainText('链接已使用过', { timeout: JOIN });
    await again.goto(customerUrl);
    await again.reload();
    await expect(again.getByTestId('join-status')).toContainText('已有客户加入', { timeout: JOIN });
    const second = await media.openRoom(app.id, { contractDigest: signed.contract.digest, customerPhone: PHONE });
    await again.goto(media.joinUrl(second.customer.token));
    await again.reload();
    await expect(again.getByTestId('join-status')).toContainText('已有客户加入', { timeout: JOIN });
    await again.goto(media.joinUrl('forged-token-' + 'x'.repeat(30)));
    await again.reload();
    await expect(again.getByTestId('join-status')).toContainText('链接无效', { timeout: JOIN });
  } finally {
    await host.dispose();
  }
});
