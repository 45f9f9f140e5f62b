import { describe, expect, it } from 'vitest';
import { DEFAULT_LPR_TABLE, fixingOn, lprFor, lprTableSchema, LprUnavailableError, tenorForTerm } from './lpr';

describe('LPR table', () => {
  it('the default table is valid and sorted', () => {
    expect(lprTableSchema.safeParse(DEFAULT_LPR_TABLE).success).toBe(true);
  });

  it('finds the fixing in force on a date, including the day of publication', () => {
    expect(lprFor(DEFAULT_LPR_TABLE, '2024-10-21', 12)).toEqual({ tenor: '1y', bp: 310, fixingDate: '2024-10-21' });
    expect(lprFor(DEFAULT_LPR_TABLE, '2024-10-20', 12)).toEqual({ tenor: '1y', bp: 335, fixingDate: '2024-07-22' });
    expect(lprFor(DEFAULT_LPR_TABLE, '2025-05-20', 120)).toEqual({ tenor: '5y', bp: 350, fixingDate: '2025-05-20' });
    expect(lprFor(DEFAULT_LPR_TABLE, '2026-01-05', 36).bp).toBe(300);
    expect(fixingOn(DEFAULT_LPR_TABLE, '2019-08-20').oneYearBp).toBe(425);
  });

  it('terms of five years or less use the 1-year LPR, longer ones the 5-year', () => {
    expect(tenorForTerm(60)).toBe('1y');
    expect(tenorForTerm(61)).toBe('5y');
  });

  it('refuses dates before the reformed LPR existed', () => {
    expect(() => lprFor(DEFAULT_LPR_TABLE, '2019-08-19', 12)).toThrow(LprUnavailableError);
  });

  it('rejects an unsorted table', () => {
    const bad = [DEFAULT_LPR_TABLE[1]!, DEFAULT_LPR_TABLE[0]!];
    expect(lprTableSchema.safeParse(bad).success).toBe(false);
  });
});
