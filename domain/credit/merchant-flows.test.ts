import { describe, expect, it } from 'vitest';
import { analyzeFlows, detectColumns, mapFlowRecord, mappingProblemZh, merchantLimitFacts, normalizeDate, parseYuanToFen, type FlowRow } from './merchant-flows';

describe('amount and date parsing', () => {
  it('turns decimal text into fen without floating point', () => {
    expect(parseYuanToFen('1,234.56')).toBe(123_456);
    expect(parseYuanToFen('¥0.1')).toBe(10);
    expect(parseYuanToFen('-12')).toBe(-1_200);
    expect(parseYuanToFen('（8.05）')).toBe(-805);
    expect(parseYuanToFen('1.005')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
    expect(parseYuanToFen(String(0.1 + 0.2))).toBeNull(); // 0.30000000000000004 is not money
  });

  it('reads the date formats exports use', () => {
    expect(normalizeDate('2025/3/7')).toBe('2025-03-07');
    expect(normalizeDate('20250307')).toBe('2025-03-07');
    expect(normalizeDate('2025-03-07 14:22:01')).toBe('2025-03-07');
    expect(normalizeDate('2025年3月7日')).toBe('2025-03-07');
    expect(normalizeDate(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
    expect(normalizeDate('2025-02-30')).toBeNull();
  });
});

describe('mapFlowRecord', () => {
  it('says which column is missing', () => {
    expect(mappingProblemZh(detectColumns(['时间戳', '金额']))).toBe('找不到日期列（如“交易日期”）');
    expect(mappingProblemZh(detectColumns(['日期', '备注']))).toMatch(/找不到金额列/);
  });

  it('maps Excel-style records (numbers, Dates, formula cells) the same way', () => {
    const m = detectColumns(['日期', '金额', '方向']);
    expect(mapFlowRecord({ 日期: new Date(Date.UTC(2025, 0, 31)), 金额: 1234.56, 方向: '贷' }, m)).toEqual({
      row: { date: '2025-01-31', amountFen: 123_456, direction: 'in' },
    });
    expect(mapFlowRecord({ 日期: '2025-01-31', 金额: { formula: 'A1*2', result: 20 }, 方向: '借' }, m)).toEqual({
      row: { date: '2025-01-31', amountFen: 2_000, direction: 'out' },
    });
    expect(mapFlowRecord({ 日期: '2025-01-31', 金额: 5, 方向: '转账' }, m)).toEqual({ error: '收支方向「转账」无法识别（应为 收入/支出）' });
  });
});

describe('analyzeFlows', () => {
  const inflow = (date: string, fen: number): FlowRow => ({ date, amountFen: fen, direction: 'in' });

  it('equal months are perfectly stable and annualise to 12 × the month', () => {
    const rows = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].flatMap((m) => [
      inflow(`${m}-03`, 600_000),
      inflow(`${m}-20`, 400_000),
      { date: `${m}-10`, amountFen: 300_000, direction: 'out' as const },
    ]);
    const a = analyzeFlows(rows, '2025-07-15');
    expect(a.months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(a.averageMonthlyInflowFen).toBe(1_000_000);
    expect(a.annualisedTurnoverFen).toBe(12_000_000);
    expect(a.stabilityBp).toBe(10_000);
    expect(merchantLimitFacts(a)).toEqual({ annualTurnoverFen: 12_000_000, turnoverStabilityBp: 10_000, flowMonths: 6 });
  });

  it('a silent month counts as zero and lowers stability; the current partial month is left out', () => {
    const rows = [inflow('2025-01-10', 1_000_000), inflow('2025-03-10', 1_000_000), inflow('2025-04-02', 9_999_999)];
    const a = analyzeFlows(rows, '2025-04-15');
    expect(a.months.map((m) => [m.month, m.inflowFen])).toEqual([
      ['2025-01', 1_000_000],
      ['2025-02', 0],
      ['2025-03', 1_000_000],
    ]);
    // mean 666,666.67; absolute deviations 333,333.33 + 666,666.67 + 333,333.33 → MAD/mean = 2/3 → 3,333 bp
    expect(a.stabilityBp).toBe(3_333);
    expect(a.activeMonths).toBe(2);
  });

  it('keeps only the window, and reports the last two quarters for early warning', () => {
    const rows = Array.from({ length: 24 }, (_, i) => {
      const y = 2023 + Math.floor(i / 12);
      const m = String((i % 12) + 1).padStart(2, '0');
      return inflow(`${y}-${m}-15`, (i + 1) * 100_000);
    });
    const a = analyzeFlows(rows, '2025-01-05', 12);
    expect(a.months[0]!.month).toBe('2024-01');
    expect(a.months).toHaveLength(12);
    expect(a.turnoverLast3mFen).toBe((22 + 23 + 24) * 100_000);
    expect(a.turnoverPrev3mFen).toBe((19 + 20 + 21) * 100_000);
  });

  it('no data gives zeros, not NaN', () => {
    expect(analyzeFlows([], '2025-01-01')).toMatchObject({ months: [], annualisedTurnoverFen: 0, stabilityBp: 0 });
  });
});
