import { describe, expect, it } from 'vitest';
import { issueDateFor, periodAllowed, repairPeriod } from './validity-period';

const today = new Date('2026-12-06T00:00:00Z');

describe('ID card validity period', () => {
  it('allows 5, 10 and 20 years to the day, and 长期', () => {
    expect(periodAllowed('20230626', '20330626', today)).toBe(true);
    expect(periodAllowed('20230626', '20280626', today)).toBe(true);
    expect(periodAllowed('20230626', '长期', today)).toBe(true);
    expect(periodAllowed('20230626', '20330627', today)).toBe(false);
    expect(periodAllowed('20230626', '20340626', today)).toBe(false);
    expect(periodAllowed('20280626', '20480626', today)).toBe(false); // issued after today
  });

  it('repairs 3 read as 8 in both dates, where only one allowed pair is that close', () => {
    expect(repairPeriod('20280626', '20830626', today)).toEqual({ from: '20230626', until: '20330626' });
  });

  it('repairs an impossible day against the other date', () => {
    expect(repairPeriod('20221103', '20421163', today)).toEqual({ from: '20221103', until: '20421103' });
  });

  it('does not guess which date holds the misread digit when either repair is allowed', () => {
    // 20221103/20421108: 3 → 8 in the first date or 8 → 3 in the second.
    expect(repairPeriod('20221103', '20421108', today)).toBeUndefined();
  });

  it('leaves an allowed reading alone and refuses an ambiguous or too distant repair', () => {
    expect(repairPeriod('20230626', '20330626', today)).toBeUndefined();
    // 2125-08-18 / 2045-08-18: the year needs a change the recogniser does not make (1 → 0): left to the teller.
    expect(repairPeriod('21250818', '20450818', today)).toBeUndefined();
  });
});

describe('ID card validity period with the recogniser\'s runners-up', () => {
  it('decides an ambiguous repair by the runner-up: 2024/2031 with 4 runner-up to the 1 is 2024/2034', () => {
    // Without runners-up both 2021/2031 (4 → 1) and 2024/2034 (1 → 4) are one confusion away.
    expect(repairPeriod('20240309', '20310309', today)).toBeUndefined();
    const odds = (i: number, d: string) => (i === 11 && d === '4' ? 0.42 : undefined);
    expect(repairPeriod('20240309', '20310309', today, 2, odds)).toEqual({ from: '20240309', until: '20340309' });
  });

  it('still refuses to choose when the runners-up do not single one out', () => {
    const odds = (i: number, d: string) => (i === 3 && d === '1' ? 0.3 : i === 11 && d === '4' ? 0.3 : undefined);
    expect(repairPeriod('20240309', '20310309', today, 2, odds)).toBeUndefined();
  });

  it('takes a runner-up digit that is no usual confusion when it alone makes the pair allowed', () => {
    // 7 → 3 is not in the confusion table; the recogniser ranked 3 behind the 7.
    expect(repairPeriod('20230626', '20370626', today, 1)).toBeUndefined();
    const odds = (i: number, d: string) => (i === 11 && d === '3' ? 0.2 : undefined);
    expect(repairPeriod('20230626', '20370626', today, 2, odds)).toEqual({ from: '20230626', until: '20330626' });
  });

  it('works an issue date out from the expiry and the holder\'s age: the one span the law gives at that age', () => {
    expect(issueDateFor('20360520', '19850312')).toBe('20160520'); // 31 on issue: 20 years
    expect(issueDateFor('20300601', '20000101')).toBe('20200601'); // 20 on issue: 10 years (at 25 it would have been 10, not 5)
    expect(issueDateFor('20250601', '20150101')).toBe('20200601'); // 5 on issue: 5 years
    expect(issueDateFor('20360520', '19600101')).toBeUndefined(); // 46 or more on any: long-term, no expiry date
  });
});

