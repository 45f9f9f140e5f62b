import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { computeQueueStats, percentile, queueStatsCsv, type TicketRow, type VisitRow } from './stats';

const T0 = Date.parse('2026-11-30T01:00:00Z'); // 09:00 in the branch
const S = 1000;
const visit = (over: Partial<VisitRow>): VisitRow => ({ service: 'cash', teller: 'T001', counter: 1, queuedAtMs: T0, calledAtMs: T0 + 60 * S, startedAtMs: T0 + 90 * S, endedAtMs: T0 + 390 * S, outcome: 'done', ...over });
const ticket = (over: Partial<TicketRow>, visits: VisitRow[]): TicketRow => ({
  number: 'A001', service: 'cash', priority: null, state: 'done', issuedAtMs: T0, firstCalledAtMs: visits[0]?.calledAtMs ?? null, estimateSec: 60, visits, ...over,
});

describe('queue statistics', () => {
  it('nearest-rank percentile', () => {
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11], 0.9)).toBe(10);
  });

  it('computes wait, service, no-shows and transfers per service and teller, by hour, and the estimate error', () => {
    const tickets: TicketRow[] = [
      ticket({ number: 'A001', estimateSec: 0 }, [visit({})]),
      ticket({ number: 'A002', estimateSec: 200 }, [visit({ calledAtMs: T0 + 180 * S, startedAtMs: null, endedAtMs: T0 + 240 * S, outcome: 'no-show', teller: 'T002' })]),
      ticket({ number: 'C001', service: 'loan', issuedAtMs: T0 + 3600 * S, estimateSec: 600 }, [
        visit({ service: 'loan', queuedAtMs: T0 + 3600 * S, calledAtMs: T0 + 4200 * S, startedAtMs: T0 + 4200 * S, endedAtMs: T0 + 4500 * S, outcome: 'transferred' }),
        visit({ service: 'cash', queuedAtMs: T0 + 4500 * S, calledAtMs: T0 + 4530 * S, startedAtMs: T0 + 4540 * S, endedAtMs: T0 + 4640 * S, teller: 'T002' }),
      ]),
      ticket({ number: 'A003', state: 'waiting', issuedAtMs: T0 + 3700 * S, firstCalledAtMs: null, estimateSec: 100 }, []),
    ];
    const s = computeQueueStats(tickets, 480);
    const cash = s.byService.find((l) => l.key === 'cash')!;
    expect(cash).toEqual({ key: 'cash', tickets: 3, served: 2, noShows: 1, transferred: 0, avgWaitSec: 90, p90WaitSec: 180, avgServiceSec: 200, p90ServiceSec: 300 });
    const loan = s.byService.find((l) => l.key === 'loan')!;
    expect(loan).toMatchObject({ tickets: 1, served: 0, transferred: 1, avgWaitSec: 600, avgServiceSec: 300 });
    expect(s.byTeller.map((l) => [l.key, l.served, l.noShows])).toEqual([['T001', 1, 0], ['T002', 1, 1]]);
    expect(s.byHour).toEqual([
      { hour: 9, issued: 2, called: 2, avgWaitSec: 120 },
      { hour: 10, issued: 2, called: 2, avgWaitSec: 315 },
    ]);
    // Errors (actual − estimated): 60−0, 180−200, 600−600.
    expect(s.estimate).toEqual({ samples: 3, meanAbsErrorSec: 27, p90AbsErrorSec: 60, biasSec: 13 });
    expect(s.total).toMatchObject({ tickets: 4, served: 2, noShows: 1, transferred: 1 });
  });

  it('exports a CSV a spreadsheet reads back with the same figures', () => {
    const s = computeQueueStats([ticket({}, [visit({})])], 480);
    const csv = queueStatsCsv(s, {
      headings: ['维度', '名称', '取号', '办结', '过号', '转移', '平均等候秒', 'P90等候秒', '平均办理秒', 'P90办理秒'],
      dimension: { total: '合计', service: '业务', teller: '柜员', hour: '时段', estimate: '预计误差' },
      estimate: { samples: '样本数', meanAbs: '平均绝对误差秒', p90Abs: 'P90绝对误差秒', bias: '平均偏差秒' },
      serviceName: (c) => (c === 'cash' ? '现金业务' : c),
    });
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed[0]![0]).toBe('维度');
    expect(parsed.find((r) => r[0] === '业务')).toEqual(['业务', '现金业务', '1', '1', '0', '0', '60', '60', '300', '300']);
    expect(parsed.find((r) => r[0] === '时段')?.slice(0, 3)).toEqual(['时段', '09:00', '1']);
    expect(parsed.find((r) => r[1] === '平均绝对误差秒')?.[2]).toBe('0');
  });
});
