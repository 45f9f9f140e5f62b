import { z } from 'zod';
import { isIsoDate } from '../../../domain/credit/dates';
import { formatBpAsPercent, formatYuan } from '../../../domain/credit/money-format';
import { AMORTIZING_METHODS, buildSchedule, MAX_SCHEDULE_MONTHS, REPAYMENT_METHOD_NAMES, type Schedule } from '../../../domain/credit/schedule';
import { branchDay, DEFAULT_TIME_ZONE } from '../../../domain/time/branch-time';
import { parseOptions } from '../args';
import type { CliCommand } from '../command';

const METHOD_HELP = AMORTIZING_METHODS.map((m) => `${m}（${REPAYMENT_METHOD_NAMES[m].zh}）`).join('、');

const positiveInt = (what: string, example: string, max = Number.MAX_SAFE_INTEGER, min = 1) =>
  z
    .string({ error: `缺少 ${what}` })
    .regex(/^\d+$/, `${what} 须为整数，${example}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${what} 不能小于 ${min}，${example}`).max(max, `${what} 不能大于 ${max}，${example}`));

const schema = z.object({
  method: z.enum(AMORTIZING_METHODS, { error: `还款方式 --method 须为 ${METHOD_HELP} 之一` }),
  'principal-fen': positiveInt('本金 --principal-fen（单位：分）', '如 10000000 表示10万元'),
  'annual-rate-bp': positiveInt('年利率 --annual-rate-bp（单位：基点）', '如 435 表示4.35%', 10_000, 0),
  months: positiveInt('期数 --months（单位：月）', `取值 1–${MAX_SCHEDULE_MONTHS}`, MAX_SCHEDULE_MONTHS),
  start: z
    .string()
    .refine(isIsoDate, '起息日 --start 须为有效日期 YYYY-MM-DD，如 2025-06-30')
    .optional(),
  json: z.boolean().default(false),
});

/** Plain-text table for people; the JSON form is for scripts and tests. */
export function renderScheduleTable(s: Schedule): string {
  const header = ['期数', '还款日', '天数', '月供(元)', '本金(元)', '利息(元)', '剩余本金(元)'];
  const rows = s.instalments.map((i) => [
    String(i.n),
    i.dueDate,
    String(i.dayOffset),
    formatYuan(i.paymentFen),
    formatYuan(i.principalFen),
    formatYuan(i.interestFen),
    formatYuan(i.remainingFen),
  ]);
  rows.push(['合计', '', '', formatYuan(s.totals.paymentFen), formatYuan(s.totals.principalFen), formatYuan(s.totals.interestFen), '']);
  // CJK characters take two columns in a terminal.
  const width = (t: string) => [...t].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]!))));
  const line = (cells: string[]) => cells.map((t, c) => (c <= 1 ? t + ' '.repeat(cols[c]! - width(t)) : ' '.repeat(cols[c]! - width(t)) + t)).join('  ');
  return [
    `${REPAYMENT_METHOD_NAMES[s.method].zh}  本金 ${formatYuan(s.principalFen)} 元  年利率 ${formatBpAsPercent(s.annualRateBp)}  ${s.months} 期  起息日 ${s.startDate}`,
    '利息按月利率（年利率÷12）精确累计，按累计额四舍五入到分（不足一分结转下期），尾差计入最后一期。',
    '',
    line(header),
    ...rows.slice(0, -1).map(line),
    '-'.repeat(cols.reduce((a, b) => a + b, 0) + 2 * (cols.length - 1)),
    line(rows.at(-1)!).trimEnd(),
  ].join('\n');
}

export const scheduleCommand: CliCommand = {
  usage: [
    'jingwei schedule --method equal-installment|equal-principal|interest-only --principal-fen N --annual-rate-bp N --months N [--start YYYY-MM-DD] [--json]',
    '',
    `  --method M           还款方式：${METHOD_HELP}`,
    '  --principal-fen N    本金，单位分（10000000 = 10万元）',
    '  --annual-rate-bp N   年利率，单位基点（435 = 4.35%）',
    `  --months N           期数（月），1–${MAX_SCHEDULE_MONTHS}`,
    '  --start YYYY-MM-DD   起息日，默认今天（北京时间）',
    '  --json               输出 JSON（每期还款日、天数、本金、利息、剩余本金及合计）',
    '',
    '例 Example: jingwei schedule --method equal-installment --principal-fen 10000000 --annual-rate-bp 435 --months 12 --json',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, {
      method: { type: 'string' },
      'principal-fen': { type: 'string' },
      'annual-rate-bp': { type: 'string' },
      months: { type: 'string' },
      start: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!parsed) return 2;
    const o = parsed.options;
    const schedule = buildSchedule({
      method: o.method,
      principalFen: o['principal-fen'],
      annualRateBp: o['annual-rate-bp'],
      months: o.months,
      startDate: o.start ?? branchDay(new Date(), DEFAULT_TIME_ZONE),
    });
    console.log(o.json ? JSON.stringify(schedule, null, 2) : renderScheduleTable(schedule));
    return 0;
  },
};
