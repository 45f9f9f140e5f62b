import { describe, expect, it } from 'vitest';
import { depositFeedFigure, loanFeedFigures, monthEnd, previousMonth, resolveBankFacts } from './bank-facts';

const TODAY = '2026-03-10';

describe('resolving typed figures against the bank\'s feeds', () => {
  it('a fresh deposit feed replaces the typed average, and the disagreement is kept with both figures', () => {
    const { facts, sources } = resolveBankFacts({ depositAvgDailyFen: 8_000_000, age: 40 }, depositFeedFigure('2026-02', 1_200_000), TODAY);
    expect(facts).toEqual({ depositAvgDailyFen: 1_200_000, age: 40 });
    expect(sources).toEqual([
      { key: 'depositAvgDailyFen', typed: 8_000_000, feed: 1_200_000, feedAsOf: '2026-02-28', used: 1_200_000, usedFrom: 'feed', status: 'feed', disagrees: true },
    ]);
  });

  it('no feed: the typed figure is used and marked as not checked against the bank', () => {
    const { facts, sources } = resolveBankFacts({ depositAvgDailyFen: 500_000 }, {}, TODAY);
    expect(facts.depositAvgDailyFen).toBe(500_000);
    expect(sources).toEqual([{ key: 'depositAvgDailyFen', typed: 500_000, feed: null, feedAsOf: null, used: 500_000, usedFrom: 'typed', status: 'typed-only', disagrees: false }]);
  });

  it('a fact neither typed nor fed is left out (the rules decide what an absent fact means)', () => {
    const { facts, sources } = resolveBankFacts({}, {}, TODAY);
    expect(facts).toEqual({});
    expect(sources).toEqual([]);
  });

  it('the feed fills a fact nobody typed', () => {
    const { facts, sources } = resolveBankFacts({}, depositFeedFigure('2026-02', 300_000), TODAY);
    expect(facts.depositAvgDailyFen).toBe(300_000);
    expect(sources[0]).toMatchObject({ typed: null, usedFrom: 'feed', disagrees: false });
  });

  it('a stale deposit feed is said so, and the model takes the more cautious of the two figures', () => {
    // January's average on 10 March: February's should have been published by now.
    const higherTyped = resolveBankFacts({ depositAvgDailyFen: 900_000 }, depositFeedFigure('2026-01', 400_000), TODAY);
    expect(higherTyped.sources[0]).toMatchObject({ status: 'stale-feed', feedAsOf: '2026-01-31', used: 400_000, usedFrom: 'feed', disagrees: true });
    const lowerTyped = resolveBankFacts({ depositAvgDailyFen: 100_000 }, depositFeedFigure('2026-01', 400_000), TODAY);
    expect(lowerTyped.sources[0]).toMatchObject({ status: 'stale-feed', used: 100_000, usedFrom: 'typed' });
    expect(lowerTyped.facts.depositAvgDailyFen).toBe(100_000);
  });

  it('a month-end average stays fresh into the next month and through the days its successor takes to arrive', () => {
    expect(resolveBankFacts({}, depositFeedFigure('2026-02', 1), '2026-04-04').sources[0]!.status).toBe('feed');
    expect(resolveBankFacts({}, depositFeedFigure('2026-02', 1), '2026-04-05').sources[0]!.status).toBe('stale-feed');
  });

  it('this bank\'s overdue is a floor under the credit report\'s: lower typed figures are raised and flagged, higher ones kept', () => {
    const loans = loanFeedFigures([{ status: 'active', balanceFen: 8_000_000, overdueFen: 230_000, overdueSince: '2026-03-01', overdueTimes: 2, maxOverdueDays: 40 }], '2026-03-09');
    const { facts, sources } = resolveBankFacts(
      { bureauCurrentOverdueFen: 0, bureauOverdueTimes24m: 5, bureauMaxOverdueDays24m: 12 },
      loans,
      TODAY,
    );
    expect(facts).toEqual({ bureauCurrentOverdueFen: 230_000, bureauOverdueTimes24m: 5, bureauMaxOverdueDays24m: 40 });
    expect(sources.map((s) => [s.key, s.typed, s.feed, s.usedFrom, s.disagrees])).toEqual([
      ['bureauCurrentOverdueFen', 0, 230_000, 'feed', true],
      ['bureauOverdueTimes24m', 5, 2, 'typed', false],
      ['bureauMaxOverdueDays24m', 12, 40, 'feed', true],
    ]);
  });

  it('a loans feed older than three days is stale; the floor still holds', () => {
    const loans = loanFeedFigures([{ status: 'active', balanceFen: 1, overdueFen: 100, overdueSince: null }], '2026-03-06');
    const { facts, sources } = resolveBankFacts({ bureauCurrentOverdueFen: 0 }, loans, TODAY, ['bureauCurrentOverdueFen']);
    expect(sources[0]).toMatchObject({ status: 'stale-feed', used: 100, disagrees: true });
    expect(facts.bureauCurrentOverdueFen).toBe(100);
    expect(resolveBankFacts({}, loanFeedFigures([{ status: 'active', balanceFen: 1, overdueFen: 0, overdueSince: null }], '2026-03-07'), TODAY).sources[0]!.status).toBe('feed');
  });

  it('loan figures: current overdue from live loans only, episodes and the longest overdue from every published loan', () => {
    const f = loanFeedFigures(
      [
        { status: 'active', balanceFen: 1, overdueFen: 500, overdueSince: '2026-03-01', overdueTimes: 1, maxOverdueDays: null },
        { status: 'closed', balanceFen: 0, overdueFen: 900, overdueSince: null, overdueTimes: 3, maxOverdueDays: 7 },
      ],
      '2026-03-09',
    );
    expect(f).toEqual({
      bureauCurrentOverdueFen: { value: 500, asOf: '2026-03-09' },
      bureauOverdueTimes24m: { value: 4, asOf: '2026-03-09' },
      bureauMaxOverdueDays24m: { value: 9, asOf: '2026-03-09' },
    });
    expect(loanFeedFigures([], '2026-03-09')).toEqual({});
  });

  it('months: the last day and the previous month', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(previousMonth('2026-01-15')).toBe('2025-12');
  });
});
