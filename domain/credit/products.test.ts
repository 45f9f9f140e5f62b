import { describe, expect, it } from 'vitest';
import { DATA_ITEM_NAMES, missingData, missingDataMessageZh, PRODUCT_CODES, PRODUCTS } from './products';

describe('products', () => {
  it('has the seven 共富 products with their Chinese names', () => {
    expect(PRODUCT_CODES.map((c) => PRODUCTS[c].nameZh)).toEqual(['富农贷', '富农丰收贷', '富商贷', '富民金领贷', '富民工薪贷', '富民普惠贷', '富企贷']);
    for (const c of PRODUCT_CODES) {
      const p = PRODUCTS[c];
      expect(p.code).toBe(c);
      expect(p.requiredData).toContain('id-card');
      expect(p.requiredData).toContain('credit-report');
      expect(p.minLimitFen).toBeLessThan(p.maxLimitFen);
      for (const d of [...p.requiredData, ...p.optionalData]) expect(DATA_ITEM_NAMES[d].zh.length).toBeGreaterThan(0);
    }
  });

  it('product-specific checklists: merchants need flows and a stall lease, enterprises need ownership, farmers a village review', () => {
    expect(PRODUCTS.merchant.requiredData).toEqual(expect.arrayContaining(['merchant-flows', 'stall-lease', 'business-licence']));
    expect(PRODUCTS.enterprise.requiredData).toContain('ownership');
    expect(PRODUCTS.farmer.requiredData).toContain('village-review');
    expect(PRODUCTS['gold-collar'].requiredData).toEqual(expect.arrayContaining(['housing-fund', 'social-insurance']));
  });
});

describe('missingData', () => {
  it('lists every required item not yet collected, in checklist order', () => {
    expect(missingData('merchant', ['id-card', 'credit-report']).map((m) => m.item)).toEqual(['business-licence', 'stall-lease', 'merchant-flows']);
  });

  it('optional items never block; a complete file has nothing missing', () => {
    expect(missingData('salary', PRODUCTS.salary.requiredData)).toEqual([]);
    expect(missingDataMessageZh('salary', PRODUCTS.salary.requiredData)).toBeNull();
  });

  it('names what is missing in Chinese', () => {
    expect(missingDataMessageZh('enterprise', ['id-card', 'credit-report', 'business-licence'])).toBe(
      '富企贷申请资料不全，无法提交，缺少：股权结构（穿透至自然人）、财务报表',
    );
  });
});
