import { describe, expect, it } from 'vitest';
import { translate } from '../../../../i18n/translate';
import { jsonErrorText } from './json-error';

const t = (k: string, p?: Record<string, string | number>) => translate(k, p);
const parse = (s: string) => {
  try {
    JSON.parse(s);
  } catch (e) {
    return jsonErrorText(s, e, t);
  }
  return null;
};

describe('jsonErrorText', () => {
  it('says where the mistake is, in Chinese, never JSON.parse\'s English', () => {
    expect(parse('{\n  "a": 1,\n  "b" 2\n}')).toBe('JSON 第3行第7列附近有格式错误：请检查这一处的引号、冒号、逗号和括号');
    expect(parse('{ "a": [1, 2')).toBe('JSON 不完整：结尾缺少括号或引号，请补全后再试');
    expect(parse('')).toBe('JSON 不完整：结尾缺少括号或引号，请补全后再试');
  });
});
