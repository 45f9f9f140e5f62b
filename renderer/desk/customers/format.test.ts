import { describe, expect, it } from 'vitest';
import { translate } from '../../../i18n/translate';
import { formatFieldValue, maskIdNumber } from './format';

const t = (key: string, params?: Record<string, string | number>) => translate(key, params);

describe('maskIdNumber', () => {
  it('keeps the region and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('123');
  });
});

describe('formatFieldValue', () => {
  it('shows code lists in words, shares as percentages and absence as a dash', () => {
    expect(formatFieldValue('group', 'farmer', t)).toBe('农户');
    expect(formatFieldValue('kind', 'enterprise', t)).toBe('企业客户');
    expect(formatFieldValue('shareholders', [{ kind: 'person', name: '李四', shareBp: 3333 }, { kind: 'company', name: '某投资', shareBp: 50 }], t)).toBe('李四 33.33%；某投资 0.50%');
    expect(formatFieldValue('phone', null, t)).toBe('—');
    expect(formatFieldValue('phone', '13800000000', t)).toBe('13800000000');
  });
});
