import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateHeadOfficeKeys, signerOf, trustRootOf } from '../../trust/head-office-keys';
import { verifyDoc } from '../../trust/signature';
import { openSigning, SigningRefused, type SignRequest } from './signing';

const keys = generateHeadOfficeKeys(false);
const contract = `sha256:${'a'.repeat(64)}`;
const room = { roomId: 'face-sign:APP1', applicationId: 'APP1', contractDigest: contract, ruleSet: { product: 'farmer', version: 3, digest: `sha256:${'c'.repeat(64)}` } };
// PNG file signature followed by stroke-like noise: what the page's canvas.toDataURL('image/png') sends, roughly.
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(400)]).toString('base64');

const request = (code: string, over: Partial<SignRequest> = {}): SignRequest =>
  ({ contractDigest: contract, recordingDigest: `sha256:${'b'.repeat(64)}`, code, signaturePng: png, ...over });

const SESSION = {
  identityCheckedAt: '2026-12-06T02:00:05.000Z',
  faceSnapshotDigest: `sha256:${'c'.repeat(64)}`,
  confirmations: [{ step: 'clause-1', text: '本笔贷款只能用于合同约定的用途。', at: '2026-12-06T02:00:20.000Z' }],
};

function reason(fn: () => unknown): string {
  try {
    fn();
    return 'signed';
  } catch (err) {
    if (err instanceof SigningRefused) return err.reason;
    throw err;
  }
}

describe('the customer signs at the end of a video session', () => {
  it('gives a receipt signed by head office, bound to the contract and the recording', () => {
    const signing = openSigning(room, signerOf(keys));
    const receipt = signing.sign(request(signing.code), SESSION);
    expect(receipt).toMatchObject({ type: 'video-signature', applicationId: 'APP1', contractDigest: contract, recordingDigest: `sha256:${'b'.repeat(64)}`, session: SESSION, ruleSet: { product: 'farmer', version: 3 } });
    expect(receipt.signatureDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verifyDoc(receipt, trustRootOf(keys))).toBe(true);
    expect(verifyDoc({ ...receipt, contractDigest: `sha256:${'c'.repeat(64)}` }, trustRootOf(keys))).toBe(false);
    expect(reason(() => signing.sign(request(signing.code), SESSION))).toBe('alreadySigned');
  });

  it('refuses a signature for a different contract digest, even with the right code', () => {
    const signing = openSigning(room, signerOf(keys));
    expect(reason(() => signing.sign(request(signing.code, { contractDigest: `sha256:${'c'.repeat(64)}` }), SESSION))).toBe('contractMismatch');
  });

  it('refuses wrong codes, locks after five, and refuses an expired code', () => {
    let now = 0;
    const signing = openSigning(room, signerOf(keys), { clock: () => now, ttlMs: 1000 });
    const wrong = signing.code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect(reason(() => signing.sign(request(wrong), SESSION))).toBe('codeWrong');
    expect(reason(() => signing.sign(request(wrong), SESSION))).toBe('tooManyTries');
    expect(reason(() => signing.sign(request(signing.code), SESSION))).toBe('tooManyTries');
    const late = openSigning(room, signerOf(keys), { clock: () => now, ttlMs: 1000 });
    now = 1000;
    expect(reason(() => late.sign(request(late.code), SESSION))).toBe('codeExpired');
  });

  it('refuses bytes that are not a drawn signature image', () => {
    const signing = openSigning(room, signerOf(keys));
    expect(reason(() => signing.sign(request(signing.code, { signaturePng: Buffer.alloc(300, 1).toString('base64') }), SESSION))).toBe('signatureEmpty');
  });
});
