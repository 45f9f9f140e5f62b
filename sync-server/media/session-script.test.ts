import { describe, expect, it } from 'vitest';
import { openSessionScript, ScriptRefused, type SessionScript } from './session-script';

const refusal = (fn: () => unknown) => {
  try {
    fn();
    return 'done';
  } catch (err) {
    if (err instanceof ScriptRefused) return err.reason;
    throw err;
  }
};

describe('the script of a video signing session', () => {
  let now = Date.parse('2026-12-06T02:00:00Z');
  const script: SessionScript = openSessionScript(['不得挪用', '按期还款'], () => now);

  it('goes identity → each clause → signing, and cannot skip what the customer has not done', () => {
    expect(script.view().steps.map((s) => s.id)).toEqual(['identity', 'clause-1', 'clause-2', 'sign']);
    expect(refusal(() => script.advance())).toBe('stepNotDone');
    expect(refusal(() => script.confirm('clause-1'))).toBe('notCurrentStep');
    expect(refusal(() => script.transcript())).toBe('scriptIncomplete');
    expect(refusal(() => script.identityChecked({ matched: false, differences: ['公民身份号码与客户档案不一致'] }, `sha256:${'1'.repeat(64)}`))).toBe('idMismatch');
    expect(script.view().idCheck).toMatchObject({ matched: false });
    expect(refusal(() => script.advance())).toBe('stepNotDone');
    now += 5_000;
    script.identityChecked({ matched: true, differences: [] }, `sha256:${'2'.repeat(64)}`);
    script.advance();
    expect(refusal(() => script.confirm('clause-2'))).toBe('notCurrentStep');
    now += 10_000;
    script.confirm('clause-1');
    script.advance();
    expect(refusal(() => script.advance())).toBe('stepNotDone');
    now += 10_000;
    script.confirm('clause-2');
    expect(refusal(() => script.transcript())).toBe('scriptIncomplete');
    script.advance();
    expect(refusal(() => script.advance())).toBe('notYourStep');
  });

  it('gives the receipt the ID check (with the face snapshot of the photo that passed) and each confirmation with head office\'s time', () => {
    expect(script.transcript()).toEqual({
      identityCheckedAt: '2026-12-06T02:00:05.000Z',
      faceSnapshotDigest: `sha256:${'2'.repeat(64)}`,
      confirmations: [
        { step: 'clause-1', text: '不得挪用', at: '2026-12-06T02:00:15.000Z' },
        { step: 'clause-2', text: '按期还款', at: '2026-12-06T02:00:25.000Z' },
      ],
    });
  });
});
