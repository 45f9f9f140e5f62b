import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationView } from './credit.contract';
import type { TabletSigningView } from './tablet-signing.contract';
import { contractedLoanCore, fakeWebm, sha256Digest, type TestCore } from '../testing/contracted-loan';

// 平板签字 after an offline recorded face-to-face: the desk's code pairs the tablet, the customer's strokes are bound to
// the contract and the recording, written through the e-sign step with the audit entry, and checked when shown.

const webm = fakeWebm(2048);
const digestOf = sha256Digest;
/** A name written left to right: three strokes over a fifth of the pad. */
const strokes = [0, 1, 2].map((s) => Array.from({ length: 8 }, (_, i): [number, number, number] => [100 + s * 120 + i * 12, 300 + ((i * 37) % 90), s * 400 + i * 16]));

describe('signing on the branch tablet', () => {
  let t: TestCore;
  let teller: string;
  let app: ApplicationView;
  beforeEach(async () => {
    ({ t, teller, app } = await contractedLoanCore());
  });
  afterEach(async () => t.dispose());

  const record = () => t.call('loans.faceSign', {
    id: app.id, rev: app.rev, note: '总行视频服务器不可达，录像面签',
    recording: { dataBase64: webm.toString('base64'), digest: digestOf(webm), durationMs: 30_000, contentType: 'video/webm' },
  }, teller);

  it('binds the customer\'s strokes to the contract and the recording, audits them, and checks them when shown', async () => {
    // Not before the recorded face-to-face.
    expect((await t.fail('loans.tabletPairing', { id: app.id }, teller)).key).toBe('credit.tabletNeedsRecording');
    const faced = await record();
    // A staff click no longer signs for the customer after a recorded face-to-face.
    expect((await t.fail('loans.eSign', { id: app.id, rev: faced.rev, contractDigest: faced.contract!.digest }, teller)).key).toBe('credit.tabletSignatureRequired');

    const pairing = await t.call('loans.tabletPairing', { id: app.id }, teller);
    expect(pairing).toMatchObject({ state: 'waiting', code: expect.stringMatching(/^\d{6}$/) });
    const view = await t.call('tablet.pair', { code: pairing.code! }) as TabletSigningView;
    expect(view).toMatchObject({ customerName: '周文博', contractNo: faced.contract!.no, contractDigest: faced.contract!.digest, recordingDigest: digestOf(webm), principalFen: faced.contract!.principalFen });
    expect(await t.call('loans.tabletStatus', { id: app.id }, teller)).toMatchObject({ state: 'paired', code: null, tabletAddress: 'local' });
    // A second tablet with the same code; a tablet without a session cannot reach the desk's methods.
    expect((await t.fail('tablet.pair', { code: pairing.code! })).key).toBe('credit.tabletCodeUsed');
    expect((await t.fail('loans.tabletPairing', { id: app.id })).code).toBe('UNAUTHENTICATED');

    const sign = { token: view.token, contractDigest: view.contractDigest, recordingDigest: view.recordingDigest, strokes };
    // A signature for another contract's digest, for another recording, or a mere tap: refused, nothing written.
    expect((await t.fail('tablet.sign', { ...sign, contractDigest: `sha256:${'0'.repeat(64)}` })).key).toBe('credit.tabletDigestMismatch');
    expect((await t.fail('tablet.sign', { ...sign, recordingDigest: `sha256:${'1'.repeat(64)}` })).key).toBe('credit.tabletRecordingChanged');
    expect((await t.fail('tablet.sign', { ...sign, strokes: [[[500, 500, 0], [501, 500, 10]]] })).key).toBe('credit.tabletSignatureEmpty');
    expect((await t.call('loans.get', { id: app.id }, teller)).state).toBe('face-signed');

    const signed = await t.call('tablet.sign', sign);
    expect((await t.fail('tablet.sign', sign)).key).toBe('credit.tabletAlreadySigned');
    const done = await t.call('loans.get', { id: app.id }, teller);
    expect(done).toMatchObject({ state: 'e-signed', eSign: { by: 'T001', contractDigest: faced.contract!.digest, tablet: { signatureDigest: signed.signatureDigest, recordingDigest: digestOf(webm), pairedBy: 'T001' } } });
    const history = await t.call('loans.history', { id: app.id }, teller);
    expect(history.filter((h) => h.action === 'loan.eSign')).toEqual([expect.objectContaining({ signatureDigest: signed.signatureDigest, recordingDigest: digestOf(webm), integrity: 'ok', actor: 'T001' })]);
    expect(await t.call('loans.tabletSignature', { id: app.id }, teller)).toMatchObject({ strokes, signatureDigest: signed.signatureDigest, problems: [] });

    // Strokes redrawn in the store afterwards: the digest and the audit entry no longer match; shown as not verified.
    const doc = await t.core.store.pouch.get(app.id) as unknown as { eSign: { tablet: { strokes: number[][][] } } };
    doc.eSign.tablet.strokes = [strokes[0]!];
    await t.core.store.pouch.put(doc as never);
    expect((await t.call('loans.tabletSignature', { id: app.id }, teller)).problems).toEqual(['digest']);
    const reDigested = { ...doc.eSign.tablet } as Record<string, unknown>;
    const { tabletSignatureDigest } = await import('../../../domain/video/tablet-signature');
    const again = await t.core.store.pouch.get(app.id) as unknown as { eSign: { tablet: Record<string, unknown> } };
    again.eSign.tablet = { ...reDigested, signatureDigest: tabletSignatureDigest(reDigested as never) };
    await t.core.store.pouch.put(again as never);
    expect((await t.call('loans.tabletSignature', { id: app.id }, teller)).problems).toEqual(['audit']);
  });
});
