import { describe, expect, it } from 'vitest';
import { looksDrawn, strokesSchema, tabletSignatureDigest, tabletSignatureProblems, type TabletSignature } from './tablet-signature';

const name: [number, number, number][][] = [[[100, 400, 0], [160, 300, 20], [220, 450, 40], [280, 320, 60], [340, 430, 80], [400, 380, 100]],
  [[450, 300, 400], [480, 420, 420], [520, 350, 440], [560, 440, 460], [600, 330, 480], [640, 400, 500]]];
const contract = `sha256:${'c'.repeat(64)}`;
const recording = `sha256:${'r'.repeat(64)}`;
const bound = {
  type: 'tablet-signature' as const, applicationId: 'loanapp:01J', contractDigest: contract, recordingDigest: recording, strokes: name,
  pairedAt: '2026-12-07T03:00:00.000Z', signedAt: '2026-12-07T03:01:00.000Z', pairedBy: 'T001', device: 'dev-1', tabletAddress: '192.168.1.40',
};
const signed: TabletSignature = { ...bound, signatureDigest: tabletSignatureDigest(bound) };

describe('a tablet signature', () => {
  it('is drawn strokes, not a tap, a dot or a line off the grid', () => {
    expect(looksDrawn(name)).toBe(true);
    expect(looksDrawn([[[500, 500, 0], [502, 501, 10]]])).toBe(false);
    expect(looksDrawn([Array.from({ length: 20 }, (_, i): [number, number, number] => [500, 500 + i, i])])).toBe(false);
    expect(strokesSchema.safeParse([[[1001, 0, 0]]]).success).toBe(false);
    expect(strokesSchema.safeParse([]).success).toBe(false);
  });

  it('binds strokes, contract and recording in one digest, checked against the loan it is shown on', () => {
    const loan = { applicationId: 'loanapp:01J', contractDigest: contract, recordingDigest: recording };
    expect(tabletSignatureProblems(signed, loan)).toEqual([]);
    expect(tabletSignatureProblems({ ...signed, strokes: [name[0]!] }, loan)).toEqual(['digest']);
    expect(tabletSignatureProblems({ ...signed, contractDigest: `sha256:${'0'.repeat(64)}` }, loan)).toEqual(['digest', 'contract']);
    expect(tabletSignatureProblems(signed, { ...loan, recordingDigest: `sha256:${'1'.repeat(64)}` })).toEqual(['recording']);
    expect(tabletSignatureProblems(signed, { ...loan, applicationId: 'loanapp:OTHER' })).toEqual(['application']);
  });
});
