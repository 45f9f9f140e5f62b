import { describe, expect, it } from 'vitest';
import { nameSearchKeys } from './pinyin';

describe('nameSearchKeys', () => {
  it('gives full pinyin and initials', () => {
    expect(nameSearchKeys('张三')).toEqual({ full: 'zhangsan', initials: 'zs' });
  });

  it('reads polyphonic surnames as surnames and writes ü as v', () => {
    expect(nameSearchKeys('单田芳').initials).toBe('stf');
    expect(nameSearchKeys('曾国藩').full).toBe('zengguofan');
    expect(nameSearchKeys('吕布').full).toBe('lvbu');
  });

  it('keeps latin letters and digits of enterprise names', () => {
    expect(nameSearchKeys('侯马ABC商贸有限公司').initials).toBe('hmabcsmyxgs');
  });
});
