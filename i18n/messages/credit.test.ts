import { describe, expect, it } from 'vitest';
import { translate } from '../translate';
import { credit } from './credit';

describe('credit dictionary', () => {
  it('has the same keys in both languages and no empty texts', () => {
    expect(Object.keys(credit.en).sort()).toEqual(Object.keys(credit['zh-CN']).sort());
    for (const v of [...Object.values(credit.en), ...Object.values(credit['zh-CN'])]) expect(v.trim()).not.toBe('');
  });

  it('names products, data items, metrics and methods from the domain tables', () => {
    expect(translate('credit.product.harvest')).toBe('富农丰收贷');
    expect(translate('credit.data.stall-lease', {}, 'en')).toBe('Stall lease');
    expect(translate('credit.amountUsageRate')).toBe('金额用信率');
    expect(translate('credit.method.equal-principal')).toBe('等额本金');
    expect(translate('credit.missingData', { items: '营业执照、摊位租赁合同' })).toBe('申请资料不全，无法提交，缺少：营业执照、摊位租赁合同');
  });
});
