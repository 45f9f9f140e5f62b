import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { provisionBranch } from '../../../sync-server/provision';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { startTestServer, TEST_ADMIN } from '../../../sync-server/test-support';
import { runOneShot } from '../sync/one-shot';
import { openRemote } from '../sync/remote';
import type { ApplicationView } from './credit.contract';
import { contractedLoanCore, fakeWebm, sha256Digest, type TestCore } from '../testing/contracted-loan';

// 录像面签: the desk's recording becomes evidence on the loan only as the exact file it described, in the same write as
// the signing and its audit entry; played back, it is checked again.

const webm = fakeWebm;
const digestOf = sha256Digest;
const upload = (b: Buffer, digest = digestOf(b)) => ({ dataBase64: b.toString('base64'), digest, durationMs: 42_000, contentType: 'video/webm' as const });

describe('a recorded face-to-face signing', () => {
  let t: TestCore;
  let teller: string;
  let app: ApplicationView;
  beforeEach(async () => {
    ({ t, teller, app } = await contractedLoanCore());
  });
  afterEach(async () => t.dispose());

  it('refuses a file that is not the one described, or not a video, naming the field; nothing is half-saved', async () => {
    const file = webm();
    const swapped = await t.fail('loans.faceSign', { id: app.id, rev: app.rev, recording: upload(file, digestOf(webm())) }, teller);
    expect(swapped.key).toBe('credit.recordingDigestMismatch');
    expect(swapped.fields?.[0]).toMatchObject({ path: 'recording', message: expect.stringContaining('校验值不符') });
    const text = Buffer.from('<html>not a video</html>');
    expect((await t.fail('loans.faceSign', { id: app.id, rev: app.rev, recording: upload(text) }, teller)).key).toBe('credit.recordingNotVideo');
    const bad = await t.fail('loans.faceSign', { id: app.id, rev: app.rev, recording: { ...upload(file), digest: 'md5:abc' } }, teller);
    expect(bad.message).toContain('文件摘要（SHA-256）');
    const still = await t.call('loans.get', { id: app.id }, teller);
    expect(still).toMatchObject({ state: 'contracted', rev: app.rev, faceSign: null });
    const recordings = await t.core.store.pouch.allDocs({ startkey: 'loan-recording:', endkey: 'loan-recording:\uffff' });
    expect(recordings.rows).toHaveLength(0);
  });

  it('keeps the recording on the loan with its SHA-256 in the audit entry, plays it back, and reports an altered file', async () => {
    const file = webm(64 * 1024);
    const signed = await t.call('loans.faceSign', { id: app.id, rev: app.rev, note: '本人到场，录像面签', recording: upload(file) }, teller);
    expect(signed.state).toBe('face-signed');
    expect(signed.faceSign).toMatchObject({ mode: 'recorded', by: 'T001', recording: { digest: digestOf(file), bytes: file.length, durationMs: 42_000, contentType: 'video/webm' } });
    const ref = signed.faceSign!.recording!;

    const entries = await t.core.store.pouch.allDocs({ include_docs: true, startkey: 'audit:', endkey: 'audit:\uffff' });
    const entry = entries.rows.map((r) => r.doc as unknown as { action: string; entity: string; after: Record<string, unknown> })
      .find((e) => e.action === 'loan.faceSign' && e.entity === app.id);
    expect(entry?.after).toMatchObject({ mode: 'recorded', recordingId: ref.id, recordingDigest: digestOf(file), recordingBytes: file.length });

    const history = await t.call('loans.history', { id: app.id }, teller);
    expect(history.find((h) => h.action === 'loan.faceSign')).toMatchObject({ recordingDigest: digestOf(file), integrity: 'ok' });

    const played = await t.call('loans.recording', { id: ref.id }, teller);
    expect(played).toMatchObject({ contentType: 'video/webm', digest: digestOf(file) });
    expect(Buffer.from(played.dataBase64, 'base64').equals(file)).toBe(true);

    // Someone with the database file swaps the video: the loan page refuses to play it as evidence.
    const doc = await t.core.store.pouch.get(ref.id);
    await t.core.store.pouch.put({ ...doc, _attachments: { 'recording.webm': { content_type: 'video/webm', data: webm().toString('base64') } } });
    expect((await t.fail('loans.recording', { id: ref.id }, teller)).key).toBe('credit.recordingAltered');
  });

  it('goes to head office in the sync\'s attachments pass, after the records, and arrives as recorded', { timeout: 120_000 }, async () => {
    const server = await startTestServer();
    try {
      const device = { deviceUser: 'hm01-desk-01', password: 'hm01-desk-password' };
      await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', ...device });
      const file = webm(256 * 1024);
      const signed = await t.call('loans.faceSign', { id: app.id, rev: app.rev, recording: upload(file) }, teller);
      const ref = signed.faceSign!.recording!;
      const http = openRemote({ url: server.url, username: device.deviceUser, password: device.password }, 'branch-hm01');
      const atHeadOffice = (id: string) => server.req('GET', `/branch-hm01/${encodeURIComponent(id)}`, { auth: TEST_ADMIN });

      // The records pass: the signed application is at head office; the video has not held it up.
      await runOneShot({ local: t.core.store.pouch, http, phases: ['push-docs'] });
      expect((await atHeadOffice(app.id)).json.faceSign).toMatchObject({ mode: 'recorded', recording: { id: ref.id, digest: ref.digest } });
      expect((await atHeadOffice(ref.id)).status).toBe(404);

      // The attachments pass carries it; head office holds the very bytes the audit entry names.
      await runOneShot({ local: t.core.store.pouch, http, phases: ['push-blobs'] });
      const video = await fetch(`${server.url}/branch-hm01/${encodeURIComponent(ref.id)}/recording.webm`, {
        headers: { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.name}:${TEST_ADMIN.password}`).toString('base64')}` },
      });
      expect(video.status).toBe(200);
      expect(digestOf(Buffer.from(await video.arrayBuffer()))).toBe(ref.digest);
      expect((await atHeadOffice(ref.id)).json).toMatchObject({ type: 'loan-recording', applicationId: app.id, digest: ref.digest, bytes: file.length });
    } finally {
      await server.stop();
    }
  });
});
