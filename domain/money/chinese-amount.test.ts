import { describe, expect, it } from 'vitest';
import { fenToChineseUppercase } from './chinese-amount';

describe('amounts in 大写', () => {
  it('writes amounts as bank forms do', () => {
    const cases: [number, string][] = [
      [0, '零元整'], [5, '伍分'], [50, '伍角整'], [100, '壹元整'], [1000, '壹拾元整'], [20_000_000, '贰拾万元整'],
      [10_050_030, '壹拾万零伍佰元叁角整'], [100_000_100, '壹佰万零壹元整'], [10_000_000_100, '壹亿零壹元整'],
      [10_001_000_000, '壹亿零壹万元整'], [123_456_789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'], [100_005, '壹仟元零伍分'],
      [4_000_000_000, '肆仟万元整'], [1_010, '壹拾元壹角整'],
    ];
    for (const [fen, text] of cases) expect(fenToChineseUppercase(fen), String(fen)).toBe(text);
  });
  it('refuses what is not an amount of fen', () => {
    expect(() => fenToChineseUppercase(1.5)).toThrow();
    expect(() => fenToChineseUppercase(-1)).toThrow();
  });
});
