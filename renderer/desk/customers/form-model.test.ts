import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { bpToPercentText, checkDraft, draftFromRecord, draftToFields, emptyDraft, newShareholderRow, parsePercentToBp, totalShareBp } from './form-model';

const today = new Date('2026-03-01T00:00:00Z');

describe('parsePercentToBp', () => {
  it('turns what a person types into exact basis points', () => {
    expect(parsePercentToBp('33.33')).toBe(3333);
    expect(parsePercentToBp('25')).toBe(2500);
    expect(parsePercentToBp('0.5')).toBe(50);
    expect(parsePercentToBp('100')).toBe(10000);
    expect(parsePercentToBp(' 12.3% ')).toBe(1230);
    expect(parsePercentToBp('７．５％')).toBe(750);
    // 0.07 * 100 and 33.33 * 100 are not integers in floating point; the string route is exact.
    expect(parsePercentToBp('0.07')).toBe(7);
    expect(parsePercentToBp('57.99')).toBe(5799);
  });

  it('refuses what it cannot read exactly instead of rounding', () => {
    for (const bad of ['', '33.333', 'abc', '-5', '1,5', '1e2', '1000', '.5']) expect(parsePercentToBp(bad)).toBeNull();
  });

  it('round-trips through the text shown when editing', () => {
    for (const bp of [1, 7, 50, 1230, 2500, 3333, 10000]) expect(parsePercentToBp(bpToPercentText(bp))).toBe(bp);
    expect(bpToPercentText(2550)).toBe('25.5');
    expect(bpToPercentText(2500)).toBe('25');
  });
});

describe('draftToFields', () => {
  it('sends only the fields of the chosen kind, trimmed, with upper-case identifiers', () => {
    const d = { ...emptyDraft('individual'), name: ' 张三 ', idNumber: '11010519491231002x', phone: '13800000000', address: '北京', group: 'farmer' as const, uscc: 'leftover', village: '  ' };
    expect(draftToFields(d)).toEqual({ kind: 'individual', name: '张三', idNumber: '11010519491231002X', phone: '13800000000', address: '北京', group: 'farmer' });
  });

  it('converts shareholder percentages to basis points', () => {
    const d = {
      ...emptyDraft('enterprise'),
      name: '某公司', uscc: '91350100m000100y43', legalRepresentative: '李四', phone: '0357-4120000', address: '侯马',
      shareholders: [{ ...newShareholderRow(), name: '李四', percent: '33.33' }, { ...newShareholderRow('company'), name: '某投资', idNumber: '91350100M000100Y43', percent: '66.67' }],
    };
    const fields = draftToFields(d);
    expect(fields.uscc).toBe('91350100M000100Y43');
    expect(fields.shareholders).toEqual([
      { kind: 'person', name: '李四', shareBp: 3333 },
      { kind: 'company', name: '某投资', shareBp: 6667, idNumber: '91350100M000100Y43' },
    ]);
    expect(totalShareBp(d)).toBe(10000);
    expect(checkDraft(d, today)).toEqual([]);
  });
});

describe('checkDraft', () => {
  it('names the failing rule of the ID number as the core would', () => {
    const d = { ...emptyDraft(), name: '张三', idNumber: '110105194912310021', phone: '13800000000', address: '北京', group: 'farmer' as const };
    expect(checkDraft(d, today)).toEqual([{ path: 'idNumber', key: 'validation.residentId.checkDigit', params: { expected: 'X' }, severity: 'error' }]);
  });

  it('reports an unreadable percentage as a format problem, not as out of range', () => {
    const d = { ...emptyDraft('enterprise'), name: 'A', uscc: '91350100M000100Y43', legalRepresentative: 'B', phone: '13800000000', address: 'C', shareholders: [{ ...newShareholderRow(), name: 'X', percent: '33.333' }, { ...newShareholderRow(), name: 'Y', percent: '' }] };
    const issues = checkDraft(d, today);
    expect(issues.filter((i) => i.path === 'shareholders.0.shareBp').map((i) => i.key)).toEqual(['desk.validation.percentFormat']);
    expect(issues.filter((i) => i.path === 'shareholders.1.shareBp').map((i) => i.key)).toEqual(['validation.required']);
  });

  it('keeps the total check of the domain', () => {
    const d = { ...emptyDraft('enterprise'), name: 'A', uscc: '91350100M000100Y43', legalRepresentative: 'B', phone: '13800000000', address: 'C', shareholders: [{ ...newShareholderRow(), name: 'X', percent: '60' }, { ...newShareholderRow(), name: 'Y', percent: '40.01' }] };
    expect(checkDraft(d, today)).toEqual([{ path: 'shareholders', key: 'validation.shares.total', params: { total: '100.01%' }, severity: 'error' }]);
  });
});

describe('draftFromRecord', () => {
  it('shows stored basis points as editable percentages and leaves absent fields empty', () => {
    const record: CustomerRecord = {
      id: 'customer:01ARZ3NDEKTSV4RRFFQ69G5FAV', rev: '1-a', branch: 'HM01', createdAt: '', createdBy: 'T001', updatedAt: '', updatedBy: 'T001', conflicts: [],
      kind: 'enterprise', name: '某公司', phone: '0357-4120000', address: '侯马', uscc: '91350100M000100Y43', legalRepresentative: '李四',
      shareholders: [{ kind: 'person', name: '李四', shareBp: 3333 }],
    };
    const d = draftFromRecord(record);
    expect(d.shareholders.map((s) => s.percent)).toEqual(['33.33']);
    expect(d.village).toBe('');
    expect(draftToFields(d)).toEqual({ kind: 'enterprise', name: '某公司', phone: '0357-4120000', address: '侯马', uscc: '91350100M000100Y43', legalRepresentative: '李四', shareholders: [{ kind: 'person', name: '李四', shareBp: 3333 }] });
  });
});
