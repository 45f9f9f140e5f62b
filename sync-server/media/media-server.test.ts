import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types as ms } from 'mediasoup';
import { generateHeadOfficeKeys, signerOf, trustRootOf } from '../../trust/head-office-keys';
import { verifyDoc } from '../../trust/signature';
import { investigationStatementSchema } from '../../domain/video/investigation-statement';
import { startMediaServer, type MediaServer } from './media-server';

// The media server's HTTP surface without media: a stand-in worker whose routers carry no tracks. The real worker
// (and Chromium's fake camera) is exercised by tests/e2e/video-signing.spec.ts.
const fakeWorker = { createRouter: async () => ({ rtpCapabilities: { codecs: [] }, close() {} }) } as unknown as ms.Worker;

const KEY = 'branch-media-key-0123456789';
const HEAD_OFFICE = generateHeadOfficeKeys(false);
let server: MediaServer;
let dir: string;
let now = Date.parse('2026-12-06T02:00:00Z');
const sent: { to: unknown; text: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jingwei-media-test-'));
  server = await startMediaServer({
    worker: fakeWorker, host: '127.0.0.1', port: 0, listen: { ip: '127.0.0.1' }, branchKey: KEY,
    allowedHosts: ['127.0.0.1'], clock: () => now, tokenTtlMs: 60_000,
    assets: { script: async () => '' }, recordingsDir: join(dir, 'recordings'),
    signingKey: signerOf(HEAD_OFFICE),
    sendText: async (to, text) => void sent.push({ to, text }),
    // Head office's OCR stands in here: a "photo" is the ID number it shows.
    // Head office's published rule sets: farmer version 2 carries these two clauses.
    publishedRiskNotice: async (ref) => (ref.product === 'farmer' && ref.version === 2 ? ['本笔贷款不得挪用', '请按期还款'] : null),
    checkIdCard: async (photo, expected) => {
      const shown = photo.toString('latin1').slice(0, 18);
      return shown === expected.idNumber ? { matched: true, differences: [] } : { matched: false, differences: [`公民身份号码与客户档案不一致：证件为“${shown}”`] };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, auth = true, type = 'application/json') {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${KEY}` } : {}), ...(body !== undefined ? { 'content-type': type } : {}) },
    body: body === undefined ? undefined : body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json().catch(() => null)) as Record<string, unknown> };
}

const contract = `sha256:${'d'.repeat(64)}`;
// The face snapshot the phone sends with the ID photo: a JPEG (its magic bytes) of the customer's camera frame.
const FACE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(400)]);
const faceBase64 = FACE.toString('base64');
const ID_NUMBER = '11010519491231002X';
const openRoom = (id: string) => call('POST', '/media/rooms', {
  applicationId: id, purpose: 'face-sign', contractDigest: contract, customerPhone: '13800001111', terms: ['借款金额 5,000.00 元'],
  customerName: '周文博', customerIdNumber: ID_NUMBER, clauses: ['本笔贷款不得挪用', '请按期还款'],
  ruleSet: { product: 'farmer', version: 2, digest: `sha256:${'e'.repeat(64)}` },
});
const photoOf = (text: string) => Buffer.from(text.padEnd(120, ' '), 'latin1').toString('base64');

describe('rooms and one-time tokens over HTTP', () => {
  it('opens rooms only for a branch holding the media key, and sends the signing code to the phone, not to the branch', async () => {
    expect((await call('POST', '/media/rooms', { applicationId: 'A1', purpose: 'face-sign' }, false)).status).toBe(401);
    expect((await call('POST', '/media/rooms', { applicationId: 'A1', purpose: 'face-sign' })).status).toBe(400);
    const room = await openRoom('A1');
    expect(room.status).toBe(200);
    expect(JSON.stringify(room.json)).not.toMatch(/验证码|code/);
    expect(sent.at(-1)).toMatchObject({ to: { kind: 'phone', number: '13800001111' } });
    expect(sent.at(-1)?.text).toMatch(/验证码为 \d{6}/);
  });

  it('texts the customer a fresh one-time join link, to the phone on file only, when the branch asks', async () => {
    await openRoom('A5');
    expect((await call('POST', '/media/rooms/face-sign:A5/sms-link', {}, false)).status).toBe(401);
    expect((await call('POST', '/media/rooms/face-sign:NONE/sms-link', {})).status).toBe(404);
    const asked = await call('POST', '/media/rooms/face-sign:A5/sms-link', { customerPhone: '13999999999', text: '转账到…' });
    expect(asked).toMatchObject({ status: 200, json: { sentTo: '138****1111' } });
    const sms = sent.at(-1)!;
    expect(sms.to).toEqual({ kind: 'phone', number: '13800001111' });
    expect(sms.text).toMatch(/^【精微农商银行】请点击链接进入视频面签：http:\/\/127\.0\.0\.1:\d+\/media\/join#t=\S+ 链接1分钟内有效/);
    const token = decodeURIComponent(/#t=(\S+)/.exec(sms.text)![1]!);
    expect((await call('POST', '/media/join', { token }, false)).json).toMatchObject({ role: 'customer', roomId: 'face-sign:A5' });
    expect(await call('POST', '/media/join', { token }, false)).toMatchObject({ status: 403, json: { error: 'tokenUsed' } });
    // A room opened without a phone (an investigation the branch opened so) has nowhere to text.
    await call('POST', '/media/rooms', { applicationId: 'A6', purpose: 'investigation', checklist: [{ code: 'premises', label: '经营场所' }] });
    expect(await call('POST', '/media/rooms/investigation:A6/sms-link', {})).toMatchObject({ status: 409, json: { error: 'noPhone' } });
  });

  it('opens a signing room only with the risk notice of the rule-set version head office published', async () => {
    const base = {
      applicationId: 'A9', purpose: 'face-sign', contractDigest: contract, customerPhone: '13800001111', customerName: '周文博', customerIdNumber: ID_NUMBER,
      ruleSet: { product: 'farmer', version: 2, digest: `sha256:${'e'.repeat(64)}` },
    };
    const weakened = await call('POST', '/media/rooms', { ...base, clauses: ['本笔贷款不得挪用'] });
    expect(weakened).toMatchObject({ status: 409, json: { error: 'ruleSetMismatch' } });
    expect(String(weakened.json.reason)).toContain('第2版');
    const unknown = await call('POST', '/media/rooms', { ...base, ruleSet: { ...base.ruleSet, version: 7 }, clauses: ['本笔贷款不得挪用', '请按期还款'] });
    expect(unknown).toMatchObject({ status: 409, json: { error: 'ruleSetMismatch' } });
    expect((await call('POST', '/media/rooms', { ...base, clauses: undefined })).status).toBe(400);
  });

  it('refuses forged, used and expired tokens and a second customer, each in words', async () => {
    const room = (await openRoom('A2')).json as { customer: { token: string }; manager: { token: string } };
    const forged = await call('POST', '/media/join', { token: randomBytes(32).toString('base64url') }, false);
    expect(forged).toMatchObject({ status: 403, json: { error: 'tokenUnknown' } });
    const joined = await call('POST', '/media/join', { token: room.customer.token }, false);
    expect(joined.json).toMatchObject({ role: 'customer', roomId: 'face-sign:A2', signing: { contractDigest: contract, terms: ['借款金额 5,000.00 元'] } });
    expect(await call('POST', '/media/join', { token: room.customer.token }, false)).toMatchObject({ status: 403, json: { error: 'tokenUsed' } });
    const again = (await openRoom('A2')).json as { customer: { token: string } };
    const second = await call('POST', '/media/join', { token: again.customer.token }, false);
    expect(second).toMatchObject({ status: 403, json: { error: 'seatTaken' } });
    expect(String(second.json.reason)).toContain('已有客户加入');
    now += 60_000;
    expect(await call('POST', '/media/join', { token: room.manager.token }, false)).toMatchObject({ status: 403, json: { error: 'tokenExpired' } });
  });

  it('runs the script: ID photo checked, each clause confirmed by the customer, no signature before its end', async () => {
    const room = (await openRoom('A3')).json as { customer: { token: string }; manager: { token: string } };
    const customer = ((await call('POST', '/media/join', { token: room.customer.token }, false)).json as { peerId: string }).peerId;
    const manager = ((await call('POST', '/media/join', { token: room.manager.token }, false)).json as { peerId: string }).peerId;
    const code = /验证码为 (\d{6})/.exec(sent.at(-1)!.text)![1];
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...randomBytes(300)]).toString('base64');
    const peer = (action: string, peerId: string, body: object = {}) => call('POST', `/media/peer/${action}`, { peerId, ...body }, false);
    expect(await peer('sign', customer, { contractDigest: contract, code, signaturePng: png })).toMatchObject({ status: 409, json: { error: 'scriptIncomplete' } });
    expect(await peer('advance', manager)).toMatchObject({ status: 409, json: { error: 'stepNotDone' } });
    expect(await peer('idPhoto', manager, { imageBase64: photoOf(ID_NUMBER), faceBase64 })).toMatchObject({ status: 409, json: { error: 'notYourStep' } });
    // No face snapshot, or one that is not a JPEG: refused before the OCR runs.
    expect(await peer('idPhoto', customer, { imageBase64: photoOf(ID_NUMBER) })).toMatchObject({ status: 400, json: { error: 'bad_request' } });
    const notJpeg = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...randomBytes(300)]).toString('base64');
    expect(await peer('idPhoto', customer, { imageBase64: photoOf(ID_NUMBER), faceBase64: notJpeg })).toMatchObject({ status: 400, json: { reason: expect.stringContaining('JPEG') } });
    const wrongCard = await peer('idPhoto', customer, { imageBase64: photoOf('110105194912310038'), faceBase64: Buffer.from([0xff, 0xd8, 0xff, ...randomBytes(100)]).toString('base64') });
    expect(wrongCard).toMatchObject({ status: 409, json: { error: 'idMismatch' } });
    expect(String(wrongCard.json.reason)).toContain('公民身份号码与客户档案不一致');
    expect((await call('GET', '/media/rooms/face-sign:A3/face')).status).toBe(404);
    expect((await peer('idPhoto', customer, { imageBase64: photoOf(ID_NUMBER), faceBase64 })).json).toMatchObject({ script: { idCheck: { matched: true } } });
    expect((await peer('advance', manager)).json).toMatchObject({ script: { current: 1 } });
    expect(await peer('advance', customer)).toMatchObject({ status: 409, json: { error: 'notYourStep' } });
    expect(await peer('confirm', manager, { stepId: 'clause-1' })).toMatchObject({ status: 409, json: { error: 'notYourStep' } });
    expect(await peer('confirm', customer, { stepId: 'clause-2' })).toMatchObject({ status: 409, json: { error: 'notCurrentStep' } });
    now += 7_000;
    await peer('confirm', customer, { stepId: 'clause-1' });
    await peer('advance', manager);
    now += 9_000;
    await peer('confirm', customer, { stepId: 'clause-2' });
    expect((await peer('advance', manager)).json).toMatchObject({ script: { current: 3 } });
    const view = (await peer('script', customer)).json as { script: { steps: { id: string }[]; done: { step: string; at: string }[] }; signed: boolean };
    expect(view.script.steps.map((s) => s.id)).toEqual(['identity', 'clause-1', 'clause-2', 'sign']);
    expect(view.signed).toBe(false);
    // The desk's recording of the session so far goes up through the manager's seat; the receipt is bound to it.
    const video = new Uint8Array(randomBytes(50_000));
    const upload = (peerId: string) => call('PUT', `/media/peer/recording?peerId=${peerId}&offset=0`, video, false, 'application/octet-stream');
    expect(await upload(customer)).toMatchObject({ status: 409, json: { error: 'notYourStep' } });
    expect((await upload(manager)).json).toEqual({ size: 50_000 });
    const digest = `sha256:${createHash('sha256').update(video).digest('hex')}`;
    expect((await peer('recordingFinish', manager, { digest })).json).toEqual({ size: 50_000, digest });
    const signed = await peer('sign', customer, { contractDigest: contract, code, signaturePng: png, recordingDigest: `sha256:${'f'.repeat(64)}` });
    expect(signed.status).toBe(200);
    expect((signed.json.receipt as { recordingDigest: string }).recordingDigest).toBe(digest);
    expect((signed.json.receipt as { session: unknown }).session).toEqual({
      identityCheckedAt: view.script.done[0]!.at,
      faceSnapshotDigest: `sha256:${createHash('sha256').update(new Uint8Array(FACE)).digest('hex')}`,
      confirmations: [
        { step: 'clause-1', text: '本笔贷款不得挪用', at: view.script.done[1]!.at },
        { step: 'clause-2', text: '请按期还款', at: view.script.done[2]!.at },
      ],
    });
    expect(Date.parse(view.script.done[2]!.at) - Date.parse(view.script.done[1]!.at)).toBe(9_000);
    // The face snapshot of the photo that passed (not the mismatched one's) is kept for the branch, behind its key.
    const face = await fetch(`${server.url}/media/rooms/face-sign:A3/face`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(face.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await face.arrayBuffer()).equals(FACE)).toBe(true);
    expect((await call('GET', '/media/rooms/face-sign:A3/face', undefined, false)).status).toBe(401);
    // The receipt names the rule-set version whose notice was read.
    expect((signed.json.receipt as { ruleSet: unknown }).ruleSet).toEqual({ product: 'farmer', version: 2, digest: `sha256:${'e'.repeat(64)}` });
  });

  it('refuses a signature for a different contract digest', async () => {
    const room = (await openRoom('A4')).json as { customer: { token: string }; manager: { token: string } };
    const { peerId } = (await call('POST', '/media/join', { token: room.customer.token }, false)).json as { peerId: string };
    const manager = ((await call('POST', '/media/join', { token: room.manager.token }, false)).json as { peerId: string }).peerId;
    const code = /验证码为 (\d{6})/.exec(sent.at(-1)!.text)![1];
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...randomBytes(300)]).toString('base64');
    await call('POST', '/media/peer/idPhoto', { peerId, imageBase64: photoOf(ID_NUMBER), faceBase64 }, false);
    for (const stepId of ['clause-1', 'clause-2']) {
      await call('POST', '/media/peer/advance', { peerId: manager }, false);
      await call('POST', '/media/peer/confirm', { peerId, stepId }, false);
    }
    await call('POST', '/media/peer/advance', { peerId: manager }, false);
    const other = await call('POST', '/media/peer/sign', { peerId, contractDigest: `sha256:${'e'.repeat(64)}`, code, signaturePng: png }, false);
    expect(other).toMatchObject({ status: 409, json: { error: 'contractMismatch' } });
    expect((await call('GET', '/media/rooms/face-sign:A4/receipt')).status).toBe(404);
    const ok = await call('POST', '/media/peer/sign', { peerId, contractDigest: contract, code, signaturePng: png }, false);
    expect(ok.status).toBe(200);
    expect((await call('GET', '/media/rooms/face-sign:A4/receipt')).json).toMatchObject({ receipt: { contractDigest: contract } });
  });
});

describe('recording upload', () => {
  const video = new Uint8Array(randomBytes(300_000));
  const digest = `sha256:${createHash('sha256').update(video).digest('hex')}`;
  const put = (name: string, offset: number, bytes: Uint8Array) => call('PUT', `/media/recordings/${name}?offset=${offset}`, bytes, true, 'application/octet-stream');

  it('resumes an upload cut halfway from what arrived, and keeps it only when the digest matches', async () => {
    expect((await put('face-sign:A1', 0, video.subarray(0, 150_000))).json).toEqual({ size: 150_000 });
    // The line dropped here. The branch asks what arrived and sends the rest from there.
    const status = (await call('GET', '/media/recordings/face-sign:A1')).json;
    expect(status).toEqual({ size: 150_000, complete: false, digest: null });
    expect(await put('face-sign:A1', 100_000, video.subarray(100_000))).toMatchObject({ status: 409, json: { error: 'offsetMismatch', size: 150_000 } });
    expect((await put('face-sign:A1', 150_000, video.subarray(150_000))).json).toEqual({ size: 300_000 });
    const wrong = await call('POST', '/media/recordings/face-sign:A1/finish', { digest: `sha256:${'0'.repeat(64)}` });
    expect(wrong).toMatchObject({ status: 409, json: { error: 'digestMismatch' } });
    expect((await call('POST', '/media/recordings/face-sign:A1/finish', { digest })).json).toEqual({ size: 300_000, digest });
    expect((await call('GET', '/media/recordings/face-sign:A1')).json).toEqual({ size: 300_000, complete: true, digest });
    const file = await fetch(`${server.url}/media/recordings/face-sign:A1/file`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(createHash('sha256').update(new Uint8Array(await file.arrayBuffer())).digest('hex')).toBe(digest.slice(7));
    expect((await put('face-sign:A1', 300_000, video.subarray(0, 10))).json).toMatchObject({ error: 'alreadyFinished' });
  });

  it('needs the branch key', async () => {
    expect((await call('GET', '/media/recordings/face-sign:A1', undefined, false)).status).toBe(401);
  });

  it('视频防伪调查: the desk\'s snapshots of the checklist items, stamped with head office\'s time and the phone\'s location', async () => {
    const checklist = [{ code: 'livestock', label: '养殖圈舍及存栏' }, { code: 'house', label: '住房' }];
    const opened = await call('POST', '/media/rooms', { applicationId: 'INV1', purpose: 'investigation', checklist });
    expect(opened.status).toBe(200);
    expect((await call('POST', '/media/rooms', { applicationId: 'INV2', purpose: 'investigation' })).status).toBe(400);
    const room = opened.json as { customer: { token: string }; manager: { token: string } };
    const joined = (await call('POST', '/media/join', { token: room.customer.token }, false)).json as { peerId: string; investigation: unknown };
    expect(joined.investigation).toEqual({ checklist: checklist.map((c) => ({ ...c, snapshots: 0 })), snapshots: [] });
    const manager = ((await call('POST', '/media/join', { token: room.manager.token }, false)).json as { peerId: string }).peerId;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(400)]);
    const snap = (peerId: string, item: string, bytes = jpeg) => call('POST', '/media/peer/snapshot', { peerId, item, imageBase64: bytes.toString('base64') }, false);
    // Without a location from the phone the snapshot says so; only the desk takes snapshots; only checklist items.
    const first = await snap(manager, 'house');
    expect(first.json).toMatchObject({ snapshot: { n: 1, item: 'house', at: new Date(now).toISOString(), location: null } });
    expect(await snap(joined.peerId, 'house')).toMatchObject({ status: 409, json: { error: 'notYourStep' } });
    expect(await snap(manager, 'stock')).toMatchObject({ status: 409, json: { error: 'notOnChecklist' } });
    expect(await snap(manager, 'house', Buffer.from(`<html>${'x'.repeat(200)}`))).toMatchObject({ status: 409, json: { error: 'notJpeg' } });
    expect((await call('POST', '/media/peer/location', { peerId: manager, latitude: 35.6, longitude: 111.3, accuracyM: 12 }, false)).status).toBe(409);
    expect((await call('POST', '/media/peer/location', { peerId: joined.peerId, latitude: 35.61234, longitude: 111.35678, accuracyM: 12 }, false)).status).toBe(200);
    now += 30_000;
    const second = await snap(manager, 'livestock');
    expect(second.json).toMatchObject({
      snapshot: { n: 2, item: 'livestock', location: { latitude: 35.61234, longitude: 111.35678, accuracyM: 12, at: new Date(now - 30_000).toISOString() } },
      investigation: { checklist: [{ code: 'livestock', snapshots: 1 }, { code: 'house', snapshots: 1 }] },
    });
    // A location older than two minutes no longer says where the picture is.
    now += 3 * 60_000;
    expect((await snap(manager, 'livestock')).json).toMatchObject({ snapshot: { n: 3, location: null } });
    // The branch host brings them back with its media key, as head office's signed statement of times and places.
    expect((await call('GET', '/media/rooms/investigation:INV1/snapshots', undefined, false)).status).toBe(401);
    const listed = investigationStatementSchema.parse((await call('GET', '/media/rooms/investigation:INV1/snapshots')).json);
    expect(listed).toMatchObject({ type: 'video-investigation', applicationId: 'INV1', roomId: 'investigation:INV1', checklist });
    expect(listed.snapshots.map((s) => s.item)).toEqual(['house', 'livestock', 'livestock']);
    expect(verifyDoc(listed, trustRootOf(HEAD_OFFICE))).toBe(true);
    expect(verifyDoc({ ...listed, snapshots: listed.snapshots.map((s) => ({ ...s, at: new Date(now).toISOString() })) }, trustRootOf(HEAD_OFFICE))).toBe(false);
    const file = await fetch(`${server.url}/media/rooms/investigation:INV1/snapshots/2`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe((second.json.snapshot as { digest: string }).digest);
  });
});

describe('texts a stolen branch media key can cause', () => {
  // An attacker's script with the key of a stolen branch PC: it asks head office to text the customer over and over,
  // then opens room after room (each texts a signing code, to any number it names). Small limits, a clock of its own.
  let limited: MediaServer;
  let clock = Date.parse('2026-12-06T03:00:00Z');
  const texts: string[] = [];
  beforeAll(async () => {
    limited = await startMediaServer({
      worker: fakeWorker, host: '127.0.0.1', port: 0, listen: { ip: '127.0.0.1' }, branchKey: KEY, allowedHosts: ['127.0.0.1'],
      clock: () => clock, assets: { script: async () => '' }, recordingsDir: join(dir, 'limited'), signingKey: signerOf(HEAD_OFFICE),
      sendText: async (_to, text) => void texts.push(text), textLimits: { perRoomMs: 60_000, perKeyPerHour: 5 },
    });
  });
  afterAll(() => limited.close());
  const attack = async (path: string, body: unknown) => {
    const r = await fetch(`${limited.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, retryAfter: r.headers.get('retry-after'), json: (await r.json()) as { error?: string; reason?: string } };
  };
  const room = (id: string, phone = '13800001111') => attack('/media/rooms', {
    applicationId: id, purpose: 'face-sign', contractDigest: contract, customerPhone: phone, customerName: '周文博', customerIdNumber: ID_NUMBER,
    clauses: ['本笔贷款不得挪用'], ruleSet: { product: 'farmer', version: 2, digest: `sha256:${'e'.repeat(64)}` },
  });

  it('texts a room\'s join link once a minute, caps every text of one key per hour, and says why in Chinese', async () => {
    expect((await room('R1')).status).toBe(200);
    expect(texts).toHaveLength(1);
    const answers = await Promise.all(Array.from({ length: 20 }, () => attack('/media/rooms/face-sign:R1/sms-link', {})));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(19);
    for (const a of refused) expect(a).toMatchObject({ status: 429, json: { error: 'smsTooSoon' } });
    expect(refused[0]!.json.reason).toContain('同一面签房间每分钟只能发送一次');
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    expect(texts).toHaveLength(2);
    // A minute on, the room's link may go again.
    clock += 60_000;
    expect((await attack('/media/rooms/face-sign:R1/sms-link', {})).status).toBe(200);
    expect(texts).toHaveLength(3);
    // Going round the per-room limit with new rooms (each a code to a number of its choosing) meets the key's cap.
    expect((await room('R2', '13900002222')).status).toBe(200);
    expect((await attack('/media/rooms/face-sign:R2/sms-link', {})).status).toBe(200);
    expect(texts).toHaveLength(5);
    const capped = await room('R3', '13700003333');
    expect(capped).toMatchObject({ status: 429, json: { error: 'smsHourlyCap' } });
    expect(capped.json.reason).toContain('已达上限');
    clock += 60_000;
    expect(await attack('/media/rooms/face-sign:R1/sms-link', {})).toMatchObject({ status: 429, json: { error: 'smsHourlyCap' } });
    expect(texts).toHaveLength(5);
    // A refused room was not opened: no link can be texted for it.
    expect((await attack('/media/rooms/face-sign:R3/sms-link', {})).status).toBe(404);
    // An hour after the first text, the budget frees up again.
    clock += 60 * 60_000;
    expect((await attack('/media/rooms/face-sign:R1/sms-link', {})).status).toBe(200);
  });
});
