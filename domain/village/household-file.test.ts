import { describe, expect, it } from 'vitest';
import { parseMu, parseYuan, preCreditFacts, EMPTY_FILE } from './household-file';

describe('household file fields', () => {
  it('reads 亩 in tenths and yuan in fen without floating cents; empty is "not filled", not zero', () => {
    expect([parseMu('12.5'), parseMu('3'), parseMu(''), parseMu('1.25')]).toEqual([125, 30, null, Number.NaN]);
    expect([parseYuan('80,000'), parseYuan('0.1'), parseYuan('19.99'), parseYuan(''), parseYuan('2万')]).toEqual([8_000_000, 10, 1999, null, Number.NaN]);
  });

  it('gives the model only what was filled', () => {
    const members = [{ birthDate: '1980-01-01', relation: 'head' }];
    expect(preCreditFacts(members, null)).toEqual({ members });
    expect(preCreditFacts(members, { ...EMPTY_FILE, debtsFen: 0 })).toMatchObject({ landTenthMu: undefined, annualIncomeFen: undefined, debtsFen: 0 });
  });
});
