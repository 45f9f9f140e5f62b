import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types as ms } from 'mediasoup';
import { signerOf } from '../../trust/head-office-keys';
import { startMediaServer, type MediaServer } from '../../sync-server/media/media-server';
import { createTestCore, testHeadOffice } from '../core/testing/test-core';
import { GOLD_ID, goldData, goldFacts } from '../core/credit/gold-collar.fixture';

// 视频面签 from the branch (main/core/credit/video-signing.service.ts, wired by `jingwei branch --media`): the host opens the room at head office and brings the signature receipt and the session's
// recording back onto the loan. Head office's media server runs for real over HTTP (a stand-in worker: no media);
// the phone and the desk's session window are played by their HTTP calls.

const fakeWorker = { createRouter: async () => ({ rtpCapabilities: { codecs: [] }, close() {} }) } as unknown as ms.Worker;
const KEY = 'branch-media-key-0123456789';
let server: MediaServer;
let dir: string;
const codes: string[] = [];
const texts: { to: string; text: string }[] = [];
let t: Awaited<ReturnType<typeof createTestCore>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jingwei-video-branch-'));
  server = await startMediaServer({
    worker: fakeWorker, host: '127.0.0.1', port: 0, listen: { ip: '127.0.0.1' }, branchKey: KEY, allowedHosts: ['127.0.0.1'],
    assets: { script: async () => '' }, recordingsDir: join(dir, 'recordings'), signingKey: signerOf(testHeadOffice()),
    sendText: async (to, text) => {
      texts.push({ to: to.number, text });
      const code = /验证码为 (\d{6})/.exec(text)?.[1];
      if (code) codes.push(code);
    },
    checkIdCard: async (_photo, expected) => ({ matched: expected.idNumber === GOLD_ID, differences: [] }),
  });
  t = await createTestCore({ mediaServer: { url: server.url, key: KEY } });
});
afterAll(async () => {
  await t.dispose();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
};
const tokenOf = (url: string) => decodeURIComponent(url.split('#t=')[1]!);

describe('video signing from the branch', () => {
  it('opens the room with the loan\'s customer and terms, and keeps head office\'s receipt and recording on the loan', async () => {
    const manager = await t.login('T001');
    const customer = await t.call('customers.create', {
      customer: { kind: 'individual', name: '周文博', idNumber: GOLD_ID, phone: '13803571234', address: '山西省侯马市浍滨街道', group: 'civil-servant' },
    }, manager);
    let app = await t.call('loans.createDraft', { customerId: customer.id, productCode: 'gold-collar' }, manager);
    app = await t.call('loans.update', {
      id: app.id, rev: app.rev,
      patch: { requestedAmountFen: 10_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: goldFacts },
    }, manager);
    app = await t.call('loans.submit', { id: app.id, rev: app.rev }, manager);
    expect((await t.fail('loans.videoRoom', { id: app.id }, manager)).key).toBe('credit.videoNeedsContract');
    app = await t.call('loans.generateContract', { id: app.id, rev: app.rev }, manager);

    const room = await t.call('loans.videoRoom', { id: app.id }, manager);
    expect(room.customerUrl).toMatch(new RegExp(`^${server.url}/media/join#t=`));
    expect(room.qrSvg).toMatch(/^<svg/);
    expect(JSON.stringify(room)).not.toContain(KEY);
    expect((await t.fail('loans.videoComplete', { id: app.id, rev: app.rev }, manager)).key).toBe('credit.videoNotSigned');
    // The link by SMS as well: head office texts a fresh one-time link to the phone on the customer's file.
    expect((await t.fail('loans.videoSmsLink', { id: app.id, purpose: 'investigation' }, manager)).key).toBe('credit.videoRoomNotOpen');
    expect(await t.call('loans.videoSmsLink', { id: app.id, purpose: 'face-sign' }, manager)).toMatchObject({ sentTo: '138****1234' });
    expect(texts.at(-1)).toMatchObject({ to: '13803571234', text: expect.stringContaining(`${server.url}/media/join#t=`) });
    const texted = decodeURIComponent(/#t=(\S+)/.exec(texts.at(-1)!.text)![1]!);
    expect(texted).not.toBe(tokenOf(room.customerUrl));

    // The session: the phone and the desk's window, as head office sees them.
    const phone = (await post('/media/join', { token: texted })) as { peerId: string; signing: { terms: string[] } };
    expect(phone.signing.terms).toContain('借款金额 100,000.00元');
    const desk = (await post('/media/join', { token: tokenOf(room.managerUrl) })) as { peerId: string };
    const face = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(2_000)]);
    await post('/media/peer/idPhoto', { peerId: phone.peerId, imageBase64: randomBytes(300).toString('base64'), faceBase64: face.toString('base64') });
    for (let i = 1; i <= 3; i++) {
      await post('/media/peer/advance', { peerId: desk.peerId });
      await post('/media/peer/confirm', { peerId: phone.peerId, stepId: `clause-${i}` });
    }
    expect(await post('/media/peer/advance', { peerId: desk.peerId })).toMatchObject({ script: { current: 4 } });
    const video = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...randomBytes(40_000)]);
    const digest = `sha256:${createHash('sha256').update(video).digest('hex')}`;
    await fetch(`${server.url}/media/peer/recording?peerId=${desk.peerId}&offset=0`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: video });
    await post('/media/peer/recordingFinish', { peerId: desk.peerId, digest, durationMs: 95_000 });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...randomBytes(300)]).toString('base64');
    expect(await post('/media/peer/sign', { peerId: phone.peerId, contractDigest: app.contract!.digest, code: codes.at(-1), signaturePng: png })).toHaveProperty('receipt');

    app = await t.call('loans.videoComplete', { id: app.id, rev: app.rev }, manager);
    expect(app.state).toBe('e-signed');
    expect(app.faceSign).toMatchObject({ mode: 'recorded', recording: { digest, bytes: video.length, durationMs: 95_000 } });
    expect(app.eSign?.video).toMatchObject({ recordingDigest: digest, session: { confirmations: [{ step: 'clause-1' }, { step: 'clause-2' }, { step: 'clause-3' }] } });
    const history = await t.call('loans.history', { id: app.id }, manager);
    expect(history.filter((h) => h.recordingDigest === digest).map((h) => h.action)).toContain('loan.faceSign');
    const played = await t.call('loans.recording', { id: app.faceSign!.recording!.id }, manager);
    expect(Buffer.from(played.dataBase64, 'base64').equals(Buffer.from(video))).toBe(true);
    // The face snapshot of the identity step: named in head office's receipt, kept with the recording, audited.
    const faceDigest = `sha256:${createHash('sha256').update(new Uint8Array(face)).digest('hex')}`;
    expect(app.eSign?.video?.session.faceSnapshotDigest).toBe(faceDigest);
    expect(app.faceSign?.recording?.faceSnapshot).toEqual({ digest: faceDigest, bytes: face.length });
    expect(history.find((h) => h.action === 'loan.faceSign')?.faceSnapshotDigest).toBe(faceDigest);
    const shown = await t.call('loans.faceSnapshot', { id: app.faceSign!.recording!.id }, manager);
    expect(Buffer.from(shown.dataBase64, 'base64').equals(face)).toBe(true);
  });
});
