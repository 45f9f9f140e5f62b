import { describe, expect, it } from 'vitest';
import { aggregateScores, quorumOf, type ReviewScore } from './review';

const yes = (limitYuan: number, integrity: ReviewScore['integrity'] = 'A'): ReviewScore => ({ integrity, recommend: true, suggestedLimitFen: limitYuan * 100, reasons: '' });
const no = (integrity: ReviewScore['integrity'] = 'C'): ReviewScore => ({ integrity, recommend: false, suggestedLimitFen: 0, reasons: '' });

describe('village review rules', () => {
  it('needs two thirds of the panel, at least two', () => {
    expect(quorumOf(3)).toBe(2);
    expect(quorumOf(5)).toBe(4);
    expect(aggregateScores([yes(50_000)], 3, 10_000_000)).toMatchObject({ status: 'no-quorum', limitFen: 0 });
  });

  it('passes a household all recommend, at the median suggested limit capped by its pre-credit', () => {
    expect(aggregateScores([yes(50_000), yes(60_000), yes(70_000)], 3, 10_000_000)).toMatchObject({ status: 'passed', limitFen: 6_000_000, integrity: 'A' });
    const capped = aggregateScores([yes(50_000), yes(60_000), yes(70_000)], 3, 5_500_000);
    expect(capped.limitFen).toBe(5_500_000);
    expect(capped.notesZh.join()).toContain('以预授信额度');
  });

  it('one 较差 rating vetoes, whatever the others say', () => {
    expect(aggregateScores([yes(50_000), yes(50_000), yes(50_000, 'D')], 3, 10_000_000)).toMatchObject({ status: 'vetoed', limitFen: 0 });
  });

  it('flags disagreement: split votes or suggested limits far apart are disputed, a clear majority is not', () => {
    expect(aggregateScores([yes(50_000), yes(50_000), no(), no()], 4, 10_000_000).status).toBe('disputed');
    expect(aggregateScores([yes(20_000), yes(80_000), yes(50_000)], 3, 10_000_000).status).toBe('disputed');
    expect(aggregateScores([yes(50_000), yes(50_000), no()], 3, 10_000_000)).toMatchObject({ status: 'passed', recommendYes: 2 });
    expect(aggregateScores([no(), no(), yes(50_000)], 3, 10_000_000).status).toBe('refused');
  });
});
