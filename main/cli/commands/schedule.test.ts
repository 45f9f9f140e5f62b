import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleCommand } from './schedule';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

const domainArgs = ['--principal-fen', '10000000', '--annual-rate-bp', '435', '--months', '12', '--start', '2024-01-31'];

describe('jingwei schedule', () => {
  it('--json prints every instalment and the totals of the DOMAIN.md example', async () => {
    const { out } = capture();
    expect(await scheduleCommand.run(['--method', 'equal-installment', ...domainArgs, '--json'])).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json).toMatchObject({ method: 'equal-installment', principalFen: 10_000_000, annualRateBp: 435, months: 12 });
    expect(json.instalments).toHaveLength(12);
    expect(json.instalments[0]).toEqual({
      n: 1,
      dueDate: '2024-02-29',
      dayOffset: 29,
      paymentFen: 853_099,
      principalFen: 816_849,
      interestFen: 36_250,
      remainingFen: 9_183_151,
    });
    expect(json.totals).toEqual({ paymentFen: 10_237_188, principalFen: 10_000_000, interestFen: 237_188 });
  });

  it('equal principal through the command gives 8,695.83 → 8,363.54', async () => {
    const { out } = capture();
    expect(await scheduleCommand.run(['--method', 'equal-principal', ...domainArgs, '--json'])).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json.instalments[0].paymentFen).toBe(869_583);
    expect(json.instalments[11].paymentFen).toBe(836_354);
    expect(json.totals.interestFen).toBe(235_625);
  });

  it('without --json prints a readable table with totals', async () => {
    const { out } = capture();
    expect(await scheduleCommand.run(['--method', 'interest-only', ...domainArgs])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('按月付息到期还本');
    expect(text).toMatch(/2025-01-31\s+366\s+100,362\.50\s+100,000\.00\s+362\.50\s+0\.00/);
    expect(text).toMatch(/合计\s+104,350\.00\s+100,000\.00\s+4,350\.00/);
  });

  it('defaults the start date to today in Beijing (the bank\'s day, not UTC\'s)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-31T16:30:00Z')); // 00:30 on 1 January in Beijing
      const { out } = capture();
      await scheduleCommand.run(['--method', 'equal-installment', '--principal-fen', '100', '--annual-rate-bp', '0', '--months', '1', '--json']);
      expect(JSON.parse(out.join('\n')).startDate).toBe('2027-01-01');
    } finally {
      vi.useRealTimers();
    }
  });

  it('bad input exits 2 with a Chinese message naming the option', async () => {
    const { err } = capture();
    expect(await scheduleCommand.run(['--method', 'balloon', ...domainArgs])).toBe(2);
    expect(err.join('\n')).toContain('还款方式 --method 须为 equal-installment（等额本息）');
    err.length = 0;
    expect(await scheduleCommand.run(['--method', 'equal-principal', '--principal-fen', '12.5', '--annual-rate-bp', '435', '--months', '12'])).toBe(2);
    expect(err.join('\n')).toContain('本金 --principal-fen（单位：分） 须为整数');
    err.length = 0;
    expect(await scheduleCommand.run(['--method', 'equal-principal', '--principal-fen', '100', '--annual-rate-bp', '435', '--months', '361'])).toBe(2);
    expect(err.join('\n')).toContain('期数 --months（单位：月） 不能大于 360');
    err.length = 0;
    expect(await scheduleCommand.run(['--method', 'equal-principal', '--principal-fen', '100', '--annual-rate-bp', '435', '--months', '3', '--start', '2025-02-30'])).toBe(2);
    expect(err.join('\n')).toContain('起息日 --start 须为有效日期');
    err.length = 0;
    expect(await scheduleCommand.run(['--method', 'equal-principal', '--annual-rate-bp', '435', '--months', '3'])).toBe(2);
    expect(err.join('\n')).toContain('缺少 本金 --principal-fen');
  });
});
