/**
 * Loan Prime Rate (贷款市场报价利率) table: published monthly by the National Interbank Funding Center since the
 * August 2019 reform, for two tenors (1-year and over-5-year). Loans price off the 1-year LPR when their term is
 * five years or less and off the 5-year LPR above that, which is the market convention.
 *
 * Only the dates the rates CHANGED are listed (plus the first fixing); a fixing that repeated the previous month
 * is implied by lookup. Head office publishes newer fixings into the `reference` database; this default is
 * what an offline install starts with.
 */
import { z } from 'zod';
import { isIsoDate } from './dates';

export interface LprFixing {
  /** Publication date, YYYY-MM-DD; effective from that day. */
  date: string;
  oneYearBp: number;
  fiveYearBp: number;
}

export const lprFixingSchema = z.object({
  date: z.string().refine(isIsoDate, '日期须为 YYYY-MM-DD'),
  oneYearBp: z.number().int().min(0).max(5_000),
  fiveYearBp: z.number().int().min(0).max(5_000),
});

export const lprTableSchema = z
  .array(lprFixingSchema)
  .min(1)
  .refine((rows) => rows.every((r, i) => i === 0 || rows[i - 1]!.date < r.date), 'LPR 表须按日期严格升序');

export type LprTable = readonly LprFixing[];

export const DEFAULT_LPR_TABLE: LprTable = [
  { date: '2019-08-20', oneYearBp: 425, fiveYearBp: 485 },
  { date: '2019-09-20', oneYearBp: 420, fiveYearBp: 485 },
  { date: '2019-11-20', oneYearBp: 415, fiveYearBp: 480 },
  { date: '2020-02-20', oneYearBp: 405, fiveYearBp: 475 },
  { date: '2020-04-20', oneYearBp: 385, fiveYearBp: 465 },
  { date: '2021-12-20', oneYearBp: 380, fiveYearBp: 465 },
  { date: '2022-01-20', oneYearBp: 370, fiveYearBp: 460 },
  { date: '2022-05-20', oneYearBp: 370, fiveYearBp: 445 },
  { date: '2022-08-22', oneYearBp: 365, fiveYearBp: 430 },
  { date: '2023-06-20', oneYearBp: 355, fiveYearBp: 420 },
  { date: '2023-08-21', oneYearBp: 345, fiveYearBp: 420 },
  { date: '2024-02-20', oneYearBp: 345, fiveYearBp: 395 },
  { date: '2024-07-22', oneYearBp: 335, fiveYearBp: 385 },
  { date: '2024-10-21', oneYearBp: 310, fiveYearBp: 360 },
  { date: '2025-05-20', oneYearBp: 300, fiveYearBp: 350 },
];

export type LprTenor = '1y' | '5y';

/** Terms above five years reference the 5-year LPR. */
export const tenorForTerm = (termMonths: number): LprTenor => (termMonths > 60 ? '5y' : '1y');

export interface LprQuote {
  tenor: LprTenor;
  bp: number;
  /** The fixing the quote comes from, so a decision can name it. */
  fixingDate: string;
}

export class LprUnavailableError extends Error {
  constructor(readonly date: string) {
    super(`no LPR fixing on or before ${date}`);
  }
}

/** The fixing in force on `date` (the latest one published on or before it). Binary search: the table is sorted. */
export function fixingOn(table: LprTable, date: string): LprFixing {
  let lo = 0;
  let hi = table.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (table[mid]!.date <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) throw new LprUnavailableError(date);
  return table[found]!;
}

export function lprFor(table: LprTable, date: string, termMonths: number): LprQuote {
  const f = fixingOn(table, date);
  const tenor = tenorForTerm(termMonths);
  return { tenor, bp: tenor === '5y' ? f.fiveYearBp : f.oneYearBp, fixingDate: f.date };
}
