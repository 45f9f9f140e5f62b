import { describe, expect, it } from 'vitest';
import { translate, type Lang } from '../../i18n/translate';
import { describeError, describeFieldError, describeIssue, errorText, fieldLabel } from './labels';

const tr = (lang: Lang) => (key: string, params?: Record<string, string | number>) => translate(key, params, lang);

describe('fieldLabel', () => {
  it('names shareholder cells by row, and enterprise names as such', () => {
    expect(fieldLabel('shareholders.1.shareBp', 'enterprise', tr('zh-CN'))).toBe('股东第2行·持股比例');
    expect(fieldLabel('shareholders.0.name', 'enterprise', tr('en'))).toBe('Shareholder row 1 · Name');
    expect(fieldLabel('name', 'enterprise', tr('zh-CN'))).toBe('企业名称');
    expect(fieldLabel('name', 'individual', tr('zh-CN'))).toBe('姓名');
  });
});

describe('describeIssue / describeFieldError', () => {
  it('says which field broke which rule, in the current language', () => {
    const issue = { path: 'idNumber', key: 'validation.residentId.checkDigit', params: { expected: 'X' }, severity: 'error' as const };
    expect(describeIssue(issue, 'individual', tr('zh-CN')).text).toBe('身份证号码校验码错误：最后一位应为X（GB 11643-1999）');
    expect(describeIssue(issue, 'individual', tr('en')).text).toBe('Resident ID number: wrong check character, expected X (GB 11643-1999)');
  });

  it('maps the core\'s paths onto the form and relabels its Chinese field names', () => {
    const shown = describeFieldError({ path: 'phone', key: 'validation.phone', params: { field: '联系电话' }, message: '…' }, 'individual', tr('en'));
    expect(shown).toEqual({ path: 'phone', severity: 'error', text: 'Phone must be an 11-digit mobile number starting with 1, or a landline with area code' });
    expect(describeFieldError({ path: 'customer.name', key: 'error.BAD_REQUEST', message: '请求格式不正确：customer.name: too long' }, 'individual', tr('zh-CN')).path).toBe('name');
  });
});

describe('describeError', () => {
  it('translates known keys and falls back to the core\'s message', () => {
    expect(describeError({ code: 'UNAUTHENTICATED', key: 'error.badCredentials', message: 'x' }, tr('zh-CN'))).toBe('工号或密码错误');
    expect(describeError({ code: 'INTERNAL', key: 'error.someNewKey', message: '新的错误' }, tr('zh-CN'))).toBe('新的错误');
  });
});

describe('refused arguments and unexpected failures', () => {
  const body = {
    code: 'BAD_REQUEST' as const, key: 'error.invalidInput', message: '申请金额（元）不能超过1,000,000,000.00元，请重新输入',
    fields: [{ path: 'patch.requestedAmountFen', key: 'validation.api.tooBigYuan', params: { field: '申请金额（元）', max: '1,000,000,000.00' }, message: '…' }],
  };
  it('names the field as labelled, in the screen language', () => {
    expect(describeError(body, tr('zh-CN'))).toBe('申请金额（元）不能超过1,000,000,000.00元，请重新输入');
    expect(describeError(body, tr('en'))).toBe('Amount requested (yuan) may not exceed CNY 1,000,000,000.00; please correct it');
  });
  it('never shows an exception\'s own text', () => {
    const spy = console.error;
    console.error = () => {};
    try {
      expect(errorText(new SyntaxError('Unexpected end of JSON input'), tr('zh-CN'))).toBe('操作没有完成，请重试；如仍不成功请联系科技部');
    } finally {
      console.error = spy;
    }
  });
});
