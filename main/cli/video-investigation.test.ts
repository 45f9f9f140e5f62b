import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types as ms } from 'mediasoup';
import { generateHeadOfficeKeys, signerOf } from '../../trust/head-office-keys';
import { startMediaServer, type MediaServer } from '../../sync-server/media/media-server';
import { DEFAULT_RULE_SETS, videoScriptOf } from '../../domain/credit/rules';
import type { InvestigationRecordDoc } from '../core/credit/credit.docs';
import { createTestCore, testHeadOffice } from '../core/testing/test-core';
import { GOLD_ID } from '../core/credit/gold-collar.fixture';

// 视频防伪调查 from the branch (main/core/credit/video-investigation.service.ts): the host opens the investigation room
// with the product's checklist, and brings head office's signed statement of the snapshots with the pictures onto the
// application. Head office's media server runs for real over HTTP (a stand-in worker: no media); the phone and the
// desk's session window are played by their HTTP calls.

const fakeWorker = { createRouter: async () => ({ rtpCapabilities: { codecs: [] }, close() {} }) } as unknown as ms.Worker;
const KEY = 'branch-media-key-0123456789';
const servers: MediaServer[] = [];
let dir: string;
let now = Date.parse('2026-12-06T02:00:00Z');

async function mediaServer(signWith = testHeadOffice()): Promise<MediaServer> {
  const server = await startMediaServer({
    worker: fakeWorker, host: '127.0.0.1', port: 0, listen: { ip: '127.0.0.1' }, branchKey: KEY, allowedHosts: ['127.0.0.1'],
    assets: { script: async () => '' }, recordingsDir: join(dir, `recordings-${servers.length}`), signingKey: signerOf(signWith),
    sendText: async () => {}, clock: () => now,
  });
  servers.push(server);
  return server;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jingwei-video-investigation-'));
});
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (server: MediaServer, path: string, body: unknown) => {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
};
const tokenOf = (url: string) => decodeURIComponent(url.split('#t=')[1]!);
const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(2000)]);
const digestOf = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function draftApplication(t: Awaited<ReturnType<typeof createTestCore>>, manager: string) {
  const customer = await t.call('customers.create', {
    customer: { kind: 'individual', name: '周文博', idNumber: GOLD_ID, phone: '13803571234', address: '山西省侯马市高村乡', group: 'farmer' },
  }, manager);
  return t.call('loans.createDraft', { customerId: customer.id, productCode: 'farmer' }, manager);
}

describe('video investigation from the branch', () => {
  it('opens the room with the product\'s checklist and keeps head office\'s signed snapshots on the application', async () => {
    const server = await mediaServer();
    const t = await createTestCore({ mediaServer: { url: server.url, key: KEY } });
    try {
      const manager = await t.login('M001');
      const app = await draftApplication(t, manager);
      expect(await t.call('loans.investigationEvidence', { id: app.id }, manager)).toBeNull();

      const room = await t.call('loans.investigationRoom', { id: app.id }, manager);
      expect(room.qrSvg).toMatch(/^<svg/);
      expect(JSON.stringify(room)).not.toContain(KEY);
      expect((await t.fail('loans.investigationSave', { id: app.id }, manager)).key).toBe('credit.investigationNoSnapshots');

      // The phone and the desk's session window, as head office sees them: the checklist is the product's.
      const phone = (await post(server, '/media/join', { token: tokenOf(room.customerUrl) })) as { peerId: string; investigation: { checklist: { code: string; label: string }[] } };
      const checklist = videoScriptOf(DEFAULT_RULE_SETS.farmer).investigation;
      expect(phone.investigation.checklist.map((c) => [c.code, c.label])).toEqual(checklist.map((c) => [c.code, c.label.zh]));
      const desk = (await post(server, '/media/join', { token: tokenOf(room.managerUrl) })) as { peerId: string };
      const [first, second] = [checklist[0]!.code, checklist[2]!.code];
      const pictures = [jpeg(), jpeg(), jpeg()];
      const snap = (item: string, bytes: Uint8Array) => post(server, '/media/peer/snapshot', { peerId: desk.peerId, item, imageBase64: Buffer.from(bytes).toString('base64') });
      await snap(first, pictures[0]!);
      now += 60_000;
      await post(server, '/media/peer/location', { peerId: phone.peerId, latitude: 35.61234, longitude: 111.35678, accuracyM: 15 });
      await snap(second, pictures[1]!);
      now += 10_000;
      await snap(second, pictures[2]!);

      const evidence = await t.call('loans.investigationSave', { id: app.id }, manager);
      expect(evidence.verified).toBe(true);
      expect(evidence.savedBy).toBe('M001');
      // Coverage per checklist item: what the branch head still lacks is the items with none.
      expect(evidence.checklist.map((c) => c.snapshots)).toEqual(checklist.map((c) => (c.code === first ? 1 : c.code === second ? 2 : 0)));
      expect(evidence.snapshots.map((s) => [s.item, s.at, s.location?.latitude ?? null])).toEqual([
        [first, '2026-12-06T02:00:00.000Z', null],
        [second, '2026-12-06T02:01:00.000Z', 35.61234],
        [second, '2026-12-06T02:01:10.000Z', 35.61234],
      ]);
      expect(evidence.snapshots.map((s) => s.label)).toEqual([checklist[0]!.label.zh, checklist[2]!.label.zh, checklist[2]!.label.zh]);
      expect(evidence.snapshots.map((s) => Buffer.from(s.dataBase64, 'base64').equals(Buffer.from(pictures[s.n - 1]!)))).toEqual([true, true, true]);
      expect(await t.call('loans.investigationEvidence', { id: app.id }, manager)).toEqual(evidence);
      // The audit entry names each picture's digest.
      const history = await t.call('loans.history', { id: app.id }, manager);
      expect(history.map((h) => h.action)).toContain('loan.videoInvestigation');

      // A record re-dated at the branch (its statement no longer head office's), or a picture swapped, is not evidence.
      const pouch = t.core.store.pouch;
      const kept = (await pouch.get(evidence.recordId, { attachments: true })) as unknown as InvestigationRecordDoc;
      const { _rev: _r, ...copy } = kept;
      const redated = { ...copy, _id: 'loan-investigation:7ZZZZZZZZZZZZZZZZZZZZZZZZ1', statement: { ...kept.statement, snapshots: kept.statement.snapshots.map((s) => ({ ...s, at: '2026-12-05T02:00:00.000Z' })) } };
      await pouch.put(redated as object as PouchDB.Core.PutDocument<object>);
      expect(await t.call('loans.investigationEvidence', { id: app.id }, manager)).toMatchObject({ recordId: redated._id, verified: false });
      const swapped = { ...copy, _id: 'loan-investigation:7ZZZZZZZZZZZZZZZZZZZZZZZZ2', _attachments: { ...kept._attachments, '1.jpg': { content_type: 'image/jpeg', data: Buffer.from(jpeg()).toString('base64') } } };
      await pouch.put(swapped as object as PouchDB.Core.PutDocument<object>);
      const shown = await t.call('loans.investigationEvidence', { id: app.id }, manager);
      expect(shown).toMatchObject({ recordId: swapped._id, verified: false });
      expect(shown!.snapshots.map((s) => s.intact)).toEqual([false, true, true]);
      expect(digestOf(new Uint8Array(Buffer.from(shown!.snapshots[1]!.dataBase64, 'base64')))).toBe(shown!.snapshots[1]!.digest);

      // The risk officer may look, but neither open a room nor bring snapshots onto the application.
      const risk = await t.login('R001');
      expect((await t.call('loans.investigationEvidence', { id: app.id }, risk))?.recordId).toBe(swapped._id);
      expect((await t.fail('loans.investigationRoom', { id: app.id }, risk)).code).toBe('FORBIDDEN');
      expect((await t.fail('loans.investigationSave', { id: app.id }, risk)).code).toBe('FORBIDDEN');
    } finally {
      await t.dispose();
    }
  });

  it('refuses a statement head office did not sign, and says so when the media server is not configured', async () => {
    const forger = await mediaServer(generateHeadOfficeKeys(false));
    const t = await createTestCore({ mediaServer: { url: forger.url, key: KEY } });
    try {
      const manager = await t.login('M001');
      const app = await draftApplication(t, manager);
      const room = await t.call('loans.investigationRoom', { id: app.id }, manager);
      const desk = (await post(forger, '/media/join', { token: tokenOf(room.managerUrl) })) as { peerId: string; investigation: { checklist: { code: string }[] } };
      await post(forger, '/media/peer/snapshot', { peerId: desk.peerId, item: desk.investigation.checklist[0]!.code, imageBase64: Buffer.from(jpeg()).toString('base64') });
      expect((await t.fail('loans.investigationSave', { id: app.id }, manager)).key).toBe('credit.investigationInvalid');
      expect(await t.call('loans.investigationEvidence', { id: app.id }, manager)).toBeNull();
    } finally {
      await t.dispose();
    }
    const offline = await createTestCore();
    try {
      const manager = await offline.login('M001');
      const app = await draftApplication(offline, manager);
      expect((await offline.fail('loans.investigationRoom', { id: app.id }, manager)).key).toBe('credit.videoNotConfigured');
    } finally {
      await offline.dispose();
    }
  });
});
